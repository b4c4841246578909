using System.Net;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using SampleSite.Data;

namespace IsrMiddleware.Tests.SampleSite;

/// <summary>The content store: what lies outside the content folder, however it is reached, does not exist for the site.</summary>
public sealed class SampleSiteContentTests : IAsyncLifetime
{
    private readonly TempDirectory _outside = new();
    private readonly SampleSiteFactory _site = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync()
    {
        await _site.DisposeAsync();
        _outside.Dispose();
    }

    [Fact]
    public async Task Links_that_lead_outside_the_content_folder_are_not_published()
    {
        var secretFile = Path.Combine(_outside.Path, "secret.md");
        File.WriteAllText(secretFile, "# Leaked\n\nroot:x:0:0:root:/root:/bin/bash\n");
        File.WriteAllText(Path.Combine(_outside.Path, "x.json"), """{"name": "Leaked", "price": 1}""");
        var content = _site.ContentDirectory;

        // A file linked to a file outside, folders linked to a folder outside, and a whole section replaced by such a link.
        File.CreateSymbolicLink(Path.Combine(content, "posts", "leak.md"), secretFile);
        File.CreateSymbolicLink(Path.Combine(content, "posts", "relative.md"), Path.GetRelativePath(Path.Combine(content, "posts"), secretFile));
        Directory.CreateSymbolicLink(Path.Combine(content, "products", "outside"), _outside.Path);
        Directory.CreateSymbolicLink(Path.Combine(content, "docs", "outside"), _outside.Path);
        Directory.Delete(Path.Combine(content, "authors"), recursive: true);
        Directory.CreateSymbolicLink(Path.Combine(content, "authors"), _outside.Path);

        // A link that stays inside the folder is followed.
        File.CreateSymbolicLink(Path.Combine(content, "posts", "alias.md"), "hello-world.md");

        using var client = _site.CreateClient(new() { AllowAutoRedirect = false });
        await _site.WaitUntilReadyAsync();
        var store = _site.Services.GetRequiredService<ContentStore>();

        Assert.Equal(["alias", "hello-world", "isr-explained", "second-post"], store.GetPostSlugs());
        Assert.Null(store.GetPost("leak"));
        Assert.Null(store.GetPost("relative"));
        Assert.DoesNotContain("outside", store.GetProductCategories());
        Assert.Empty(store.GetProductIds("outside"));
        Assert.Null(store.GetProduct("outside", "x"));
        Assert.DoesNotContain(store.GetDocPaths(), path => path.StartsWith("outside", StringComparison.Ordinal));
        Assert.Null(store.GetDoc("outside/secret"));
        Assert.Empty(store.GetAuthorSlugs());
        Assert.Null(store.GetAuthor("secret"));

        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/blog/leak")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/blog/relative")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/products/outside/x")).StatusCode);
        Assert.Equal(HttpStatusCode.NotFound, (await client.GetAsync("/authors/secret")).StatusCode);
        var alias = await client.GetAsync("/blog/alias");
        Assert.Equal(HttpStatusCode.OK, alias.StatusCode);
        Assert.DoesNotContain("root:x:0:0", await alias.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public void A_missing_content_folder_stops_the_start_with_an_error_naming_it_and_the_setting()
    {
        var missing = Path.Combine(_outside.Path, "no-such-content");
        using var site = _site.WithWebHostBuilder(builder => builder.ConfigureAppConfiguration(configuration =>
            configuration.AddInMemoryCollection(new Dictionary<string, string?> { ["SampleSite:ContentDirectory"] = missing })));

        var error = Assert.ThrowsAny<Exception>(() => site.CreateClient());

        var messages = string.Join("\n", Chain(error).Select(e => e.Message));
        Assert.Contains(missing, messages, StringComparison.Ordinal);
        Assert.Contains("SampleSite:ContentDirectory", messages, StringComparison.Ordinal);
    }

    private static IEnumerable<Exception> Chain(Exception error)
    {
        for (Exception? e = error; e is not null; e = e.InnerException)
        {
            yield return e;
            if (e is AggregateException aggregate)
            {
                foreach (var inner in aggregate.InnerExceptions)
                {
                    yield return inner;
                }
            }
        }
    }
}
