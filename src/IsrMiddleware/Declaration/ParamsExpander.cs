using System.Globalization;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Declaration;

/// <summary>
/// Runs a route's params providers, top-down (each step once per set produced so far), checks every resulting set
/// against the route pattern and binds its key. The last step is read as a stream: each of its sets is checked and
/// bound as it arrives and only its key is kept, so a provider of a million sets never has them all in memory.
/// </summary>
internal sealed class ParamsExpander(IServiceScopeFactory scopes, IOptions<StaticParamsOptions> options, TimeProvider time, ILogger<ParamsExpander> logger)
{
    private static readonly TimeSpan ProgressInterval = TimeSpan.FromSeconds(1);

    /// <summary>
    /// The route's declared keys. A provider that throws or overruns <see cref="StaticParamsOptions.ProviderTimeout"/>
    /// raises <see cref="ParamsProviderException"/>; output that does not fit the pattern raises <see cref="InvalidOperationException"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExpandAsync(StaticRoute route, CancellationToken cancellationToken)
    {
        using var timeout = new CancellationTokenSource(options.Value.ProviderTimeout, time);
        using var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token);
        try
        {
            return await RunProvidersAsync(route, linked.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
        {
            throw new ParamsProviderException(
                $"Static route '{route.DisplayPattern}': its params providers did not finish within ProviderTimeout {options.Value.ProviderTimeout}.", ex);
        }
    }

    private async Task<IReadOnlyList<string>> RunProvidersAsync(StaticRoute route, CancellationToken cancellationToken)
    {
        var keys = new Keys(route, time, logger);
        List<Dictionary<string, string>> sets = [new(StringComparer.OrdinalIgnoreCase)];
        if (route.Sources.Count == 0)
        {
            // Without a provider, only a pattern whose every parameter may be left out has a page to declare. A route
            // that renders on demand (Blocking, Fallback) needs none; a NotFound route would answer 404 to every URL.
            if (route.Pattern.Parameters.All(p => p.IsOptional || p.IsCatchAll || p.Default is not null))
            {
                keys.Add(sets[0]);
                return keys.List;
            }

            return route.UnknownParams == UnknownParams.NotFound ? throw NoProvider(route) : [];
        }

        await using var scope = scopes.CreateAsyncScope();
        for (var step = 0; step < route.Sources.Count; step++)
        {
            var source = route.Sources[step];
            var last = step == route.Sources.Count - 1;
            var produced = new List<Dictionary<string, string>>();
            foreach (var parent in sets)
            {
                var context = new StaticParamsContext(route.DisplayPattern, parent.AsReadOnly(), scope.ServiceProvider);
                await using var stream = source.StreamAsync(context, cancellationToken).GetAsyncEnumerator(cancellationToken);
                while (await NextAsync(route, source, parent, stream).ConfigureAwait(false))
                {
                    var merged = Merge(parent, stream.Current);
                    if (last)
                    {
                        keys.Add(merged);
                    }
                    else
                    {
                        produced.Add(merged);
                    }
                }
            }

            sets = produced;
        }

        return keys.List;
    }

    /// <summary>The stream's next set; a provider that throws is reported with its name and the parent's params.</summary>
    private static async ValueTask<bool> NextAsync(
        StaticRoute route, ParamsSource source, Dictionary<string, string> parent, IAsyncEnumerator<RouteValueDictionary> stream)
    {
        try
        {
            return await stream.MoveNextAsync().ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            var given = parent.Count == 0 ? string.Empty : $" for the params {Format(parent)}";
            throw new ParamsProviderException(
                $"Static route '{route.DisplayPattern}': params provider {source.Name} failed{given}: {ex.Message}", ex);
        }
    }

    private static Dictionary<string, string> Merge(Dictionary<string, string> parent, RouteValueDictionary? set)
    {
        var merged = new Dictionary<string, string>(parent, StringComparer.OrdinalIgnoreCase);
        foreach (var (name, value) in set ?? [])
        {
            merged[name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
        }

        return merged;
    }

    private static InvalidOperationException NoProvider(StaticRoute route)
    {
        var parameters = string.Join(", ", route.Pattern.Parameters.Where(p => !p.IsOptional && !p.IsCatchAll && p.Default is null).Select(p => $"'{p.Name}'"));
        return new InvalidOperationException(
            $"Static route '{route.DisplayPattern}' has route parameters ({parameters}) but no params provider, and its unknown-params policy is NotFound: "
            + "it would declare no page and answer 404 to every URL. Give it a provider (WithStaticParams(provider) or [StaticParams(typeof(MyProvider))]), "
            + "or render its pages on demand with WithUnknownParams(UnknownParams.Blocking) (or UnknownParams.Fallback).");
    }

    private static string Format(IReadOnlyDictionary<string, string> set) =>
        set.Count == 0 ? "(no values)" : string.Join(", ", set.Select(pair => $"{pair.Key}={pair.Value}"));

    /// <summary>The keys bound so far, without repeats, with a progress line at most once a second.</summary>
    private sealed class Keys(StaticRoute route, TimeProvider time, ILogger logger)
    {
        private readonly HashSet<string> _seen = new(StringComparer.Ordinal);
        private long _lastProgress = time.GetTimestamp();

        public List<string> List { get; } = [];

        public void Add(Dictionary<string, string> set)
        {
            if (route.Binder.Validate(set, out var key) is { } error)
            {
                throw new InvalidOperationException(
                    $"Static route '{route.DisplayPattern}': the params {Format(set)} from its provider do not fit the route pattern: {error}.");
            }

            if (_seen.Add(key))
            {
                List.Add(key);
                if (List.Count % 10_000 == 0 && time.GetElapsedTime(_lastProgress) >= ProgressInterval)
                {
                    _lastProgress = time.GetTimestamp();
                    DeclarationLog.Enumerating(logger, route.DisplayPattern, List.Count);
                }
            }
        }
    }
}
