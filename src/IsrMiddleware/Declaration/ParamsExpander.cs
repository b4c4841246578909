using System.Globalization;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Declaration;

/// <summary>
/// Runs a route's params providers, top-down (each step once per set produced so far), checks every resulting set
/// against the route pattern and binds its key.
/// </summary>
internal sealed class ParamsExpander(IServiceScopeFactory scopes, IOptions<StaticParamsOptions> options, TimeProvider time)
{
    /// <summary>
    /// The route's declared keys. A provider that throws or overruns <see cref="StaticParamsOptions.ProviderTimeout"/>
    /// raises <see cref="ParamsProviderException"/>; output that does not fit the pattern raises <see cref="InvalidOperationException"/>.
    /// </summary>
    public async Task<IReadOnlyList<string>> ExpandAsync(StaticRoute route, CancellationToken cancellationToken)
    {
        List<Dictionary<string, string>> sets;
        using (var timeout = new CancellationTokenSource(options.Value.ProviderTimeout, time))
        using (var linked = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timeout.Token))
        {
            try
            {
                sets = await RunProvidersAsync(route, linked.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException ex) when (timeout.IsCancellationRequested && !cancellationToken.IsCancellationRequested)
            {
                throw new ParamsProviderException(
                    $"Static route '{route.DisplayPattern}': its params providers did not finish within ProviderTimeout {options.Value.ProviderTimeout}.", ex);
            }
        }

        var keys = new List<string>(sets.Count);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        foreach (var set in sets)
        {
            if (route.Binder.Validate(set, out var key) is { } error)
            {
                throw new InvalidOperationException(
                    $"Static route '{route.DisplayPattern}': the params {Format(set)} from its provider do not fit the route pattern: {error}.");
            }

            if (seen.Add(key))
            {
                keys.Add(key);
            }
        }

        return keys;
    }

    private async Task<List<Dictionary<string, string>>> RunProvidersAsync(StaticRoute route, CancellationToken cancellationToken)
    {
        List<Dictionary<string, string>> sets = [new(StringComparer.OrdinalIgnoreCase)];
        if (route.Sources.Count == 0)
        {
            // Without a provider, only a pattern whose every parameter may be left out has a page to declare. A route
            // that renders on demand (Blocking, Fallback) needs none; a NotFound route would answer 404 to every URL.
            if (route.Pattern.Parameters.All(p => p.IsOptional || p.IsCatchAll || p.Default is not null))
            {
                return sets;
            }

            return route.UnknownParams == UnknownParams.NotFound ? throw NoProvider(route) : [];
        }

        await using var scope = scopes.CreateAsyncScope();
        foreach (var source in route.Sources)
        {
            var produced = new List<Dictionary<string, string>>();
            foreach (var parent in sets)
            {
                var context = new StaticParamsContext(route.DisplayPattern, parent.AsReadOnly(), scope.ServiceProvider);
                IEnumerable<Microsoft.AspNetCore.Routing.RouteValueDictionary>? values;
                try
                {
                    values = await source.GetParamsAsync(context, cancellationToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    var given = parent.Count == 0 ? string.Empty : $" for the params {Format(parent)}";
                    throw new ParamsProviderException(
                        $"Static route '{route.DisplayPattern}': params provider {source.Name} failed{given}: {ex.Message}", ex);
                }

                foreach (var set in values ?? [])
                {
                    var merged = new Dictionary<string, string>(parent, StringComparer.OrdinalIgnoreCase);
                    foreach (var (name, value) in set ?? [])
                    {
                        merged[name] = Convert.ToString(value, CultureInfo.InvariantCulture) ?? string.Empty;
                    }

                    produced.Add(merged);
                }
            }

            sets = produced;
        }

        return sets;
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
}
