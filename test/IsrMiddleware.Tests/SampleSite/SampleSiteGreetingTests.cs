using System.Net;
using System.Text;
using System.Text.RegularExpressions;

namespace IsrMiddleware.Tests.SampleSite;

/// <summary>The greeting hole of every page's layout: one cached shell for every visitor, each with their own greeting.</summary>
public sealed partial class SampleSiteGreetingTests : SampleSiteTestBase
{
    [Theory]
    [InlineData("/")]
    [InlineData("/blog/hello-world")]
    [InlineData("/products/tools/hammer")]
    [InlineData("/authors/ada")]
    public async Task Two_users_get_one_cached_shell_each_with_their_own_greeting(string path)
    {
        var ann = await GetAsync(path, "Ann");
        var bob = await GetAsync(path, "<b>Bob</b> & co");
        var nobody = await GetAsync(path, user: null);

        Assert.All([ann, bob, nobody], page => Assert.Equal("HIT", page.CacheStatus));
        Assert.Equal(ann.RenderId, bob.RenderId);
        Assert.Equal(ann.RenderId, nobody.RenderId);
        Assert.Equal("Signed in as Ann", ann.Greeting);
        Assert.Equal("Signed in as &lt;b&gt;Bob&lt;/b&gt; &amp; co", bob.Greeting);
        Assert.Equal("Not signed in", nobody.Greeting);
        Assert.DoesNotContain("Ann", bob.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("Ann", nobody.Html, StringComparison.Ordinal);
        Assert.DoesNotContain("isr-hole", ann.Html, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_cache_folder_never_holds_a_visitors_greeting()
    {
        const string user = "Visitor4242";
        foreach (var path in new[] { "/", "/blog/hello-world", "/products/tools/hammer", "/authors/ada", "/docs/guides/deploy/docker" })
        {
            Assert.Equal("Signed in as " + user, (await GetAsync(path, user)).Greeting);
        }

        var files = Directory.GetFiles(Site.CacheDirectory, "*", SearchOption.AllDirectories);
        Assert.NotEmpty(files);
        foreach (var file in files)
        {
            Assert.DoesNotContain(user, Encoding.Latin1.GetString(await File.ReadAllBytesAsync(file)), StringComparison.Ordinal);
        }
    }

    [Fact]
    public async Task An_esi_cache_gets_the_cacheable_shell_and_the_hole_from_the_hole_endpoint()
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, "/blog/hello-world");
        request.Headers.TryAddWithoutValidation("Surrogate-Capability", "varnish=\"ESI/1.0\"");
        request.Headers.TryAddWithoutValidation("Cookie", "sample-user=Ann");
        var shell = await Client.SendAsync(request);
        var html = await shell.Content.ReadAsStringAsync();
        var include = Include().Match(html);

        Assert.Equal("content=\"ESI/1.0\"", shell.Headers.GetValues("Surrogate-Control").Single());
        Assert.Equal("s-maxage=31536000", shell.Headers.NonValidated["Cache-Control"].ToString());
        Assert.DoesNotContain("Ann", html, StringComparison.Ordinal);
        Assert.True(include.Success, "an <esi:include> of the greeting");

        using var hole = new HttpRequestMessage(HttpMethod.Get, include.Groups["src"].Value);
        hole.Headers.TryAddWithoutValidation("Cookie", "sample-user=Ann");
        var fragment = await Client.SendAsync(hole);
        Assert.Equal(HttpStatusCode.OK, fragment.StatusCode);
        Assert.Equal("private, no-store", fragment.Headers.NonValidated["Cache-Control"].ToString());
        Assert.Equal("Signed in as Ann", await fragment.Content.ReadAsStringAsync());
    }

    [Theory]
    [InlineData("/blog/hello-world")]
    [InlineData("/authors/ada")]
    public async Task A_preview_renders_the_greeting_in_place(string path)
    {
        var enter = await Client.GetAsync($"/api/preview?path={Uri.EscapeDataString(path)}&secret={Site.RevalidateSecret}");
        var cookie = enter.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.TryAddWithoutValidation("Cookie", cookie + "; sample-user=Ann");

        var response = await Client.SendAsync(request);
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal("BYPASS", response.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("Signed in as Ann", Greeting().Match(html).Groups[1].Value);
        Assert.DoesNotContain("isr-hole", html, StringComparison.Ordinal);
    }

    private async Task<Page> GetAsync(string path, string? user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        if (user is not null)
        {
            request.Headers.TryAddWithoutValidation("Cookie", "sample-user=" + Uri.EscapeDataString(user));
        }

        var response = await Client.SendAsync(request);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        var html = await response.Content.ReadAsStringAsync();
        return new Page(
            html,
            response.Headers.GetValues("X-Isr-Cache").Single(),
            RenderId().Match(html).Groups[1].Value,
            Greeting().Match(html).Groups[1].Value);
    }

    private sealed record Page(string Html, string CacheStatus, string RenderId, string Greeting);

    [GeneratedRegex("<meta name=\"render-id\" content=\"([0-9a-f]{32})\"")]
    private static partial Regex RenderId();

    [GeneratedRegex("id=\"greeting\">(.*?)</span>")]
    private static partial Regex Greeting();

    [GeneratedRegex("<esi:include src=\"(?<src>/_isr/holes/greeting\\?page=%2Fblog%2Fhello-world&slot=0)\"/>")]
    private static partial Regex Include();
}
