using IsrMiddleware.Declaration;
using IsrMiddleware.Model;
using IsrMiddleware.Rendering;

namespace IsrMiddleware.Engine;

/// <summary>
/// Pages rendered outside the cache tiers (the static export): the declared set asked afresh of every params provider,
/// and renders whose results are returned, never stored, so the live cache folder is not touched.
/// </summary>
internal sealed class UncachedRenders(RenderPipeline pipeline, StaticRouteResolver resolver, ParamsExpander expander, PageRenderer renderer, Precompressor precompressor)
{
    /// <summary>Whether the app's pipeline is built (renders run through it).</summary>
    public bool CanRender => pipeline.IsBuilt;

    /// <summary>Every static route with the keys its providers declare now, in endpoint order.</summary>
    public async IAsyncEnumerable<(StaticRoute Route, IReadOnlyList<string> Keys)> EnumerateAsync(
        [System.Runtime.CompilerServices.EnumeratorCancellation] CancellationToken cancellationToken)
    {
        foreach (var route in resolver.GetAll())
        {
            yield return (route, await expander.ExpandAsync(route, cancellationToken).ConfigureAwait(false));
        }
    }

    /// <summary>Renders a page for a static file: its live holes show their fallbacks.</summary>
    public async Task<RenderResult> RenderAsync(StaticRoute route, string key, CancellationToken cancellationToken) =>
        HoleFallbacks.Apply(await renderer.RenderAsync(route, key, RenderReason.Export, cancellationToken).ConfigureAwait(false));

    /// <summary>The Brotli and gzip variants the cache would store for this body (empty when not worth it).</summary>
    public (byte[] Brotli, byte[] Gzip) Compress(string? contentType, byte[] body) => precompressor.Compress(contentType, body);
}
