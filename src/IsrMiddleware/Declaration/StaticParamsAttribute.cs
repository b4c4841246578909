namespace IsrMiddleware;

/// <summary>
/// Declares a Razor Page (on its page model) or an MVC action as a static route, naming its params provider
/// types (resolved from dependency injection), in segment order for top-down providers.
/// </summary>
[AttributeUsage(AttributeTargets.Class | AttributeTargets.Method, AllowMultiple = false, Inherited = true)]
public sealed class StaticParamsAttribute : Attribute
{
    private UnknownParams? _unknownParams;
    private int? _revalidateSeconds;
    private int? _expireSeconds;

    /// <summary>Declares the route with the given provider types, each implementing <see cref="IStaticParamsProvider"/> or <see cref="IStreamingStaticParamsProvider"/>.</summary>
    public StaticParamsAttribute(params Type[] providerTypes)
    {
        ArgumentNullException.ThrowIfNull(providerTypes);
        ProviderTypes = providerTypes;
    }

    /// <summary>The provider types, in segment order.</summary>
    public IReadOnlyList<Type> ProviderTypes { get; }

    /// <summary>The unknown-params policy. Default: the profile's, else <see cref="IsrMiddleware.UnknownParams.NotFound"/>.</summary>
    public UnknownParams UnknownParams
    {
        get => _unknownParams ?? UnknownParams.NotFound;
        set => _unknownParams = value;
    }

    /// <summary>Seconds after which a page is stale; zero or less means never. Default: the profile's, else never.</summary>
    public int RevalidateSeconds
    {
        get => _revalidateSeconds ?? 0;
        set => _revalidateSeconds = value;
    }

    /// <summary>Seconds after which a page is never served again (it must exceed the revalidate period). Default: the profile's, else <see cref="StaticParamsOptions.Expire"/>.</summary>
    public int ExpireSeconds
    {
        get => _expireSeconds ?? 0;
        set => _expireSeconds = value;
    }

    /// <summary>Tags carried by every page of this route.</summary>
    public string[] Tags { get; set; } = [];

    /// <summary>The name of a <see cref="StaticRouteProfile"/> supplying the settings not given here.</summary>
    public string? Profile { get; set; }

    internal UnknownParams? ExplicitUnknownParams => _unknownParams;

    internal TimeSpan? ExplicitExpire => _expireSeconds is { } seconds ? TimeSpan.FromSeconds(seconds) : null;

    internal TimeSpan? ExplicitRevalidate => _revalidateSeconds switch
    {
        null => null,
        > 0 and var seconds => TimeSpan.FromSeconds(seconds),
        _ => Timeout.InfiniteTimeSpan,
    };
}
