using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Infrastructure;

internal static class ServiceProviderExtensions
{
    /// <summary>The page stored in the durable tier for a key, if any.</summary>
    public static async Task<StoredPage?> GetPageAsync(this IServiceProvider services, string key) =>
        await services.GetRequiredService<IPageStore>().GetAsync(key, CancellationToken.None);
}
