using IsrMiddleware.Declaration;
using IsrMiddleware.Model;

namespace IsrMiddleware.Engine;

internal sealed partial class PageEngine
{
    /// <summary>Renders now unless a render of the key is running, whose result is then shared (see <see cref="PageGenerator"/>).</summary>
    public Task<GenerationResult> GenerateAsync(StaticRoute route, string key, bool isDeclared, RenderReason reason, StoredPage? seen = null) =>
        generator.GenerateAsync(route, key, isDeclared, reason, seen);

    /// <summary>Starts a generation nobody waits for, unless one of the key is running.</summary>
    public void GenerateInBackground(StaticRoute route, string key, bool isDeclared, RenderReason reason, StoredPage? seen = null) =>
        generator.GenerateInBackground(route, key, isDeclared, reason, seen);

    /// <summary>Whether a render of the key is running.</summary>
    public bool IsRendering(string key) => generator.IsRendering(key);
}
