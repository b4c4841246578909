using Microsoft.Extensions.DependencyInjection;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Tests.Infrastructure;

internal static class ServiceProviderExtensions
{
    /// <summary>The page stored in the durable tier for a key, if any.</summary>
    public static async Task<StoredPage?> GetPageAsync(this IServiceProvider services, string key) =>
        await services.GetRequiredService<IPageStore>().GetAsync(key, CancellationToken.None);

    /// <summary>Waits, bounded, until no render is in flight.</summary>
    public static async Task WaitForIdleAsync(this IServiceProvider services)
    {
        var generator = services.GetRequiredService<PageGenerator>();
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (generator.InFlight > 0)
        {
            if (DateTime.UtcNow > deadline)
            {
                throw new TimeoutException("A render was still in flight after 10 s.");
            }

            await Task.Delay(10);
        }
    }
}
