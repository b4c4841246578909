namespace IsrMiddleware;

/// <summary>What a params provider is given when it runs.</summary>
public sealed class StaticParamsContext
{
    internal StaticParamsContext(string routePattern, IReadOnlyDictionary<string, string> parentParams, IServiceProvider services)
    {
        RoutePattern = routePattern;
        ParentParams = parentParams;
        Services = services;
    }

    /// <summary>The route pattern of the static route, for example <c>/products/{category}/{id}</c>.</summary>
    public string RoutePattern { get; }

    /// <summary>The values produced by the providers before this one; empty for the first.</summary>
    public IReadOnlyDictionary<string, string> ParentParams { get; }

    /// <summary>The scoped services of this enumeration.</summary>
    public IServiceProvider Services { get; }
}
