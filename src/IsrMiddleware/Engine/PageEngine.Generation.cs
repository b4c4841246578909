using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

internal sealed partial class PageEngine
{
    /// <summary>
    /// Renders now unless a render of the key is running, whose result is then shared (see <see cref="PageGenerator"/>);
    /// <paramref name="slot"/> (from <see cref="TryReserveOnDemandRender"/>) is released when the generation ends, not
    /// when the caller stops waiting for it.
    /// </summary>
    public Task<GenerationResult> GenerateAsync(StaticRoute route, string key, bool isDeclared, RenderReason reason, StoredPage? seen = null, IDisposable? slot = null)
    {
        var generation = generator.GenerateAsync(route, key, isDeclared, reason, seen);
        if (slot is not null)
        {
            _ = generation.ContinueWith(
                static (_, held) => ((IDisposable)held!).Dispose(), slot, CancellationToken.None, TaskContinuationOptions.ExecuteSynchronously, TaskScheduler.Default);
        }

        return generation;
    }

    /// <summary>
    /// Starts a generation nobody waits for, unless one of the key is running; <paramref name="slot"/> (from
    /// <see cref="TryReserveOnDemandRender"/>) is released when it ends.
    /// </summary>
    public void GenerateInBackground(StaticRoute route, string key, bool isDeclared, RenderReason reason, StoredPage? seen = null, IDisposable? slot = null) =>
        generator.GenerateInBackground(route, key, isDeclared, reason, seen, slot);

    /// <summary>
    /// Whether a render of params no provider declared may run for <paramref name="client"/> now: joining a render of the
    /// page already running always may (no slot); otherwise a slot of the on-demand caps is taken (pass it on to the
    /// generation), or the render is refused, with why and how long to wait.
    /// </summary>
    public OnDemandRefusal TryReserveOnDemandRender(string key, string client, out IDisposable? slot, out TimeSpan retryAfter)
    {
        retryAfter = TimeSpan.Zero;
        slot = null;
        if (generator.IsRendering(key))
        {
            return OnDemandRefusal.None;
        }

        slot = onDemand.TryAcquire(client, out retryAfter, out var refusal);
        return refusal;
    }

    /// <summary>Whether a render of the key is running.</summary>
    public bool IsRendering(string key) => generator.IsRendering(key);
}
