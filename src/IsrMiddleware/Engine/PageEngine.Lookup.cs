using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

internal sealed partial class PageEngine
{
    /// <summary>
    /// The ISR decision for a request of a static route's page: serve the stored version (a stale one schedules one
    /// background regeneration), render it now, serve the fallback, answer 404, or let the endpoint run uncached.
    /// Waits for the declared set; throws when start-up could not build it. A page the memory tier does not hold may be
    /// read in the one representation <paramref name="accepted"/> chooses.
    /// </summary>
    public ValueTask<PageLookup> LookupAsync(StaticRoute route, string key, AcceptedEncodings accepted, CancellationToken cancellationToken)
    {
        // The hit path completes synchronously: the declared set is ready and the page is in memory.
        if (!declared.WhenReady.IsCompletedSuccessfully)
        {
            return WaitThenLookUpAsync(route, key, accepted, cancellationToken);
        }

        var isDeclared = declared.IsDeclared(key);
        if (!isDeclared && !declared.WhenEnumerated.IsCompleted)
        {
            // A warm restart serves the stored declared set while the providers run: a key outside it may be declared.
            return WaitForEnumerationThenLookUpAsync(route, key, accepted, cancellationToken);
        }

        if (!isDeclared && route.UnknownParams == UnknownParams.NotFound)
        {
            // The declared set is the truth: a page its provider no longer returns is gone, even if still stored.
            return new(new PageLookup(PageAction.NotFound, false, null, default, default));
        }

        var read = cache.GetForResponseAsync(key, accepted, cancellationToken);
        return read.IsCompletedSuccessfully
            ? new(Decide(route, key, isDeclared, read.Result))
            : DecideAsync(route, key, isDeclared, read);
    }

    /// <summary>A page on demand was served: it becomes the last to be evicted.</summary>
    public void Touch(string key) => cache.Touch(key);

    private async ValueTask<PageLookup> WaitThenLookUpAsync(StaticRoute route, string key, AcceptedEncodings accepted, CancellationToken cancellationToken)
    {
        await declared.WhenReady.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await LookupAsync(route, key, accepted, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<PageLookup> WaitForEnumerationThenLookUpAsync(StaticRoute route, string key, AcceptedEncodings accepted, CancellationToken cancellationToken)
    {
        await declared.WhenEnumerated.WaitAsync(cancellationToken).ConfigureAwait(false);
        return await LookupAsync(route, key, accepted, cancellationToken).ConfigureAwait(false);
    }

    private async ValueTask<PageLookup> DecideAsync(StaticRoute route, string key, bool isDeclared, ValueTask<StoredPage?> read) =>
        Decide(route, key, isDeclared, await read.ConfigureAwait(false));

    private PageLookup Decide(StaticRoute route, string key, bool isDeclared, StoredPage? page)
    {
        if (page is not null && IsOfRoute(route, page.Route))
        {
            return Stored(route, key, page, isDeclared);
        }

        if (!isDeclared && memories.NotFound.Contains(key))
        {
            return new PageLookup(PageAction.NotFound, false, null, default, default);
        }

        if (memories.Uncacheable.IsUncacheable(key))
        {
            // A recent render said this page is not cacheable: the request runs the endpoint once, with no capture first.
            return new PageLookup(PageAction.PassThrough, isDeclared, null, default, default);
        }

        var action = isDeclared ? PageAction.Render : route.UnknownParams switch
        {
            UnknownParams.Blocking => PageAction.Render,
            UnknownParams.Fallback => PageAction.Fallback,
            _ => PageAction.NotFound,
        };
        return new PageLookup(action, isDeclared, null, default, default);
    }

    private PageLookup Stored(StaticRoute route, string key, StoredPage page, bool isDeclared)
    {
        var state = freshness.Evaluate(route, page, out var age);
        if (state == PageState.Expired)
        {
            // Past the stale window: never served again; the request waits for a new version.
            return new PageLookup(PageAction.Render, isDeclared, page, state, age);
        }

        if (state == PageState.Stale && memories.Backoff.CanAttempt(key))
        {
            generator.GenerateInBackground(route, key, isDeclared, RenderReason.Revalidate, page);
        }

        cache.CountHit(key);
        return new PageLookup(PageAction.Serve, isDeclared, page, state, age);
    }
}
