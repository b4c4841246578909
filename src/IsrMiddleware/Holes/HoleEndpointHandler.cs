using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;
using IsrMiddleware.Access;
using IsrMiddleware.Engine;
using IsrMiddleware.Model;

namespace IsrMiddleware.Holes;

/// <summary>
/// <c>GET {prefix}/{name}?page=/path&amp;slot=N</c>: one hole rendered for this request, as an ESI-capable cache
/// includes it into a cached shell. Always <c>private, no-store</c>; a failed or late hole answers the fallback the
/// page's shell holds for that slot.
/// </summary>
internal sealed class HoleEndpointHandler(HoleRegistry registry, HoleRunner runner, PageEngine engine, IOptions<StaticParamsOptions> options)
{
    private const int MaxSlot = 10_000;

    public async Task<IResult> HandleAsync(HttpContext context, string name)
    {
        context.Response.Headers.CacheControl = "private, no-store";
        if (!registry.Contains(name))
        {
            return Results.Json(new ErrorBody($"no hole named '{name}'"), ErrorJsonContext.Readable.ErrorBody, statusCode: StatusCodes.Status404NotFound);
        }

        var query = context.Request.Query;
        var page = query["page"];
        var slotText = query["slot"];
        var slot = 0;
        if (page.Count != 1 || page[0] is not { } path || !IsLocalPath(path) || path.Length > options.Value.MaxKeyLength
            || slotText.Count > 1 || (slotText.Count == 1 && (!int.TryParse(slotText[0], out slot) || slot is < 0 or > MaxSlot)))
        {
            return Results.Json(
                new ErrorBody("page= must be one local path (/...) and slot= at most one number from 0"),
                ErrorJsonContext.Readable.ErrorBody,
                statusCode: StatusCodes.Status400BadRequest);
        }

        var key = CanonicalPath.Key(path);
        var html = await runner.RenderAsync(context, name, key, context.RequestAborted).ConfigureAwait(false)
            ?? await FallbackAsync(key, slot, name, context.RequestAborted).ConfigureAwait(false);
        return Results.Bytes(html, "text/html; charset=utf-8");
    }

    private static bool IsLocalPath(string path) =>
        path.StartsWith('/') && !path.StartsWith("//", StringComparison.Ordinal) && !path.StartsWith("/\\", StringComparison.Ordinal);

    private async Task<byte[]> FallbackAsync(string key, int slot, string name, CancellationToken cancellationToken)
    {
        try
        {
            var page = await engine.GetAsync(key, cancellationToken).ConfigureAwait(false);
            var holes = page?.Holes.Holes;
            return holes is not null && slot < holes.Count && holes[slot].Name == name ? holes[slot].Fallback.ToArray() : [];
        }
        catch (PageStoreUnavailableException)
        {
            return [];
        }
    }
}
