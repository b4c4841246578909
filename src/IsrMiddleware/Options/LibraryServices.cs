using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware;

/// <summary>Finds the library's services for the <c>Use</c> and <c>Map</c> extension methods, naming the missing registration when there are none.</summary>
internal static class LibraryServices
{
    public static T Get<T>(IServiceProvider services, string caller)
        where T : notnull =>
        services.GetService<T>()
        ?? throw new InvalidOperationException($"{caller} needs the library's services: call builder.Services.AddStaticParams() before builder.Build().");
}
