using System.Text;
using IsrMiddleware.Declaration;
using IsrMiddleware.Storage;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Routing;
using Microsoft.AspNetCore.Routing.Patterns;
using Microsoft.AspNetCore.Routing.Template;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Tests.Security;

/// <summary>Seeded fuzzing of key binding and the disk store with random, often hostile, values.</summary>
public sealed class KeyAndStoreFuzzTests : IDisposable
{
    private const int Iterations = 3_000;
    private static readonly string[] Pieces = ["..", ".", "/", "\\", "%", "%2e", "%2f", "%00", "?", "#", " ", "+", "&", "=", "é", "e\u0301", "\u202e", "\ud83d\udca9", "\u00c0\u00ae", "con", "a", "Z", "-", "_", "~", ":", "@", "\t", "\n"];

    private readonly ServiceProvider _services = new ServiceCollection().AddRouting().BuildServiceProvider();
    private readonly TempDirectory _cache = new();

    private PageKeyBinder Binder(string pattern) => new(
        RoutePatternFactory.Parse(pattern),
        _services.GetRequiredService<TemplateBinderFactory>(),
        _services.GetRequiredService<ParameterPolicyFactory>());

    private static string RandomValue(Random random, bool allowSlash)
    {
        var builder = new StringBuilder();
        for (var i = random.Next(1, 8); i > 0; i--)
        {
            var piece = Pieces[random.Next(Pieces.Length)];
            builder.Append(!allowSlash && piece is "/" ? "x" : piece);
        }

        var value = builder.ToString().Trim('/');
        return value.Length == 0 ? "v" : value;
    }

    [Theory]
    [InlineData("/items/{slug}", false, 1)]
    [InlineData("/docs/{**path}", true, 2)]
    [InlineData("/p/{category}/{id}", false, 3)]
    public void Distinct_values_bind_distinct_keys_that_read_back_as_the_same_values(string pattern, bool catchAll, int seed)
    {
        var binder = Binder(pattern);
        var random = new Random(seed);
        var owners = new Dictionary<string, string>(StringComparer.Ordinal);
        var names = binder.ParameterNames;

        for (var i = 0; i < Iterations; i++)
        {
            var values = names.ToDictionary(name => name, _ => RandomValue(random, catchAll));
            var signature = string.Join("\u0001", names.Select(name => values[name]));
            if (catchAll && values.Values.Any(value => value.Contains("//", StringComparison.Ordinal)))
            {
                continue;
            }

            if (binder.Validate(values, out var key) is not null)
            {
                continue;
            }

            Assert.True(!owners.TryGetValue(key, out var owner) || owner == signature, $"{key} is bound from two value sets");
            owners[key] = signature;
            var matched = binder.Match(key)!;
            Assert.All(names, name => Assert.Equal(values[name], matched[name]?.ToString()));
        }

        Assert.True(owners.Count > Iterations / 4, $"only {owners.Count} value sets were valid");
    }

    [Fact]
    public async Task Random_keys_are_stored_under_hash_names_inside_the_cache_folder_and_read_back_whole()
    {
        var store = new DiskPageStore(Options.Create(new StaticParamsOptions { CacheDirectory = _cache.Path }), NullLogger<DiskPageStore>.Instance);
        var random = new Random(4);
        var root = Path.GetFullPath(store.Root) + Path.DirectorySeparatorChar;

        for (var i = 0; i < 300; i++)
        {
            var key = "/" + RandomValue(random, allowSlash: true);
            var body = Encoding.UTF8.GetBytes(key + new string('.', random.Next(0, 5000)));
            var path = Path.GetFullPath(store.PathFor(key));
            Assert.StartsWith(root, path, StringComparison.Ordinal);
            Assert.Matches("^[0-9a-f]{64}\\.page$", Path.GetFileName(path));

            await store.SetAsync(new StoredPage { Key = key, Body = body, ETag = "\"e\"", GeneratedAt = DateTimeOffset.UnixEpoch.AddSeconds(i) }, CancellationToken.None);
            var read = await store.GetAsync(key, CancellationToken.None);

            Assert.NotNull(read);
            Assert.Equal(body, read.Body.ToArray());
        }

        Assert.Empty(Directory.EnumerateFiles(_cache.Path, "*.tmp", SearchOption.AllDirectories));
    }

    public void Dispose()
    {
        _services.Dispose();
        _cache.Dispose();
    }
}
