using IsrMiddleware.Tests.Infrastructure;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Tests.Redis;

public sealed class RedisStoreOptionsTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    [Theory]
    [InlineData(null, "isr:", "Configuration")]
    [InlineData("127.0.0.1:1", "bad{prefix}", "bad{prefix}")]
    public async Task Bad_options_fail_start_up_naming_the_value(string? configuration, string prefix, string named)
    {
        var error = await Assert.ThrowsAsync<OptionsValidationException>(() => TestApp.StartAsync(
            (_, _) => { },
            _cache.Path,
            services: services => services.AddStaticParams().AddRedisStore(options =>
            {
                options.Configuration = configuration;
                options.KeyPrefix = prefix;
            })));

        Assert.Contains(named, error.Message);
    }
}
