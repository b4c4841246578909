using IsrMiddleware;
using Microsoft.AspNetCore.Html;
using IsrMiddleware.Holes;
using IsrMiddleware.Model;

namespace Microsoft.Extensions.DependencyInjection;

/// <summary>Registers live holes: named per-request fragments of cached pages.</summary>
public static class HoleStaticParamsBuilderExtensions
{
    /// <summary>
    /// Adds the hole <paramref name="name"/>, rendered per request by <typeparamref name="THole"/> (resolved from a DI
    /// scope of its own). Pages place it with <c>&lt;isr-hole name="..."&gt;</c> (Razor), <c>&lt;IsrHole Name="..."&gt;</c>
    /// (Blazor) or <c>HttpContext.RenderHoleAsync</c>. Names are letters, digits, '-' and '_', at most 64 characters.
    /// </summary>
    public static IStaticParamsBuilder AddHole<THole>(this IStaticParamsBuilder builder, string name)
        where THole : class, IHoleRenderer
    {
        Register(builder, name);
        builder.Services.AddKeyedScoped<IHoleRenderer, THole>(name);
        return builder;
    }

    /// <summary>Adds the hole <paramref name="name"/>, rendered per request by <paramref name="render"/>.</summary>
    public static IStaticParamsBuilder AddHole(
        this IStaticParamsBuilder builder, string name, Func<HoleContext, CancellationToken, ValueTask<IHtmlContent>> render)
    {
        ArgumentNullException.ThrowIfNull(render);
        Register(builder, name);
        builder.Services.AddKeyedSingleton<IHoleRenderer>(name, new DelegateHoleRenderer(render));
        return builder;
    }

    private static void Register(IStaticParamsBuilder builder, string name)
    {
        ArgumentNullException.ThrowIfNull(builder);
        if (!HoleMarkers.IsValidName(name))
        {
            throw new ArgumentException($"The hole name '{name}' must be 1 to 64 letters, digits, '-' or '_'.", nameof(name));
        }

        if (builder.Services.Any(descriptor => descriptor.ImplementationInstance is HoleRegistration registered && registered.Name == name))
        {
            throw new ArgumentException($"A hole named '{name}' is already registered.", nameof(name));
        }

        builder.Services.AddSingleton(new HoleRegistration(name));
    }
}
