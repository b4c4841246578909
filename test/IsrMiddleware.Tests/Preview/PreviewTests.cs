using System.Net;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.SampleSite;

namespace IsrMiddleware.Tests.Preview;

/// <summary>Preview (draft mode) on the sample site: <c>/api/preview</c> and a static route rendered live for one editor.</summary>
public sealed partial class PreviewTests : SampleSiteTestBase
{
    private const string PostPath = "/blog/hello-world";

    [Theory]
    [InlineData(null, "/blog/hello-world", HttpStatusCode.Unauthorized)]
    [InlineData("wrong-secret", "/blog/hello-world", HttpStatusCode.Unauthorized)]
    [InlineData("test-secret", "//evil.example/", HttpStatusCode.BadRequest)]
    [InlineData("test-secret", "/\\evil.example/", HttpStatusCode.BadRequest)]
    [InlineData("test-secret", "https://evil.example/", HttpStatusCode.BadRequest)]
    [InlineData("test-secret", "", HttpStatusCode.BadRequest)]
    public async Task Preview_endpoint_refuses_a_wrong_secret_and_a_target_that_is_not_local(string? secret, string path, HttpStatusCode expected)
    {
        using var client = NewClient();
        var query = "path=" + Uri.EscapeDataString(path) + (secret is null ? string.Empty : "&secret=" + secret);

        using var response = await client.GetAsync("/api/preview?" + query);

        Assert.Equal(expected, response.StatusCode);
        Assert.False(response.Headers.Contains("Set-Cookie"));
    }

    [Fact]
    public async Task A_preview_is_rendered_live_for_the_editor_never_stored_and_never_served_to_another_client()
    {
        using var editor = NewClient();
        using var visitor = NewClient();
        var published = await visitor.GetAsync(PostPath);
        var publishedId = RenderId(await published.Content.ReadAsStringAsync());
        await ReplaceTitleAsync("Draft title in preview");

        var cookie = await EnterPreviewAsync(editor);
        var first = await GetWithCookieAsync(editor, cookie);
        var second = await GetWithCookieAsync(editor, cookie);
        var afterPreview = await visitor.GetAsync(PostPath);

        var firstBody = await first.Content.ReadAsStringAsync();
        Assert.Equal(HttpStatusCode.OK, first.StatusCode);
        Assert.Equal("BYPASS", first.Headers.GetValues("X-Isr-Cache").Single());
        Assert.True(first.Headers.CacheControl is { Private: true, NoStore: true, SharedMaxAge: null, MaxAge: null }, first.Headers.CacheControl?.ToString());
        Assert.Null(first.Headers.ETag);
        Assert.Contains("Draft title in preview", firstBody, StringComparison.Ordinal);
        Assert.Contains("Preview:", firstBody, StringComparison.Ordinal); // the page knows: HttpContext.IsPreview()
        Assert.NotEqual(RenderId(firstBody), RenderId(await second.Content.ReadAsStringAsync())); // rendered per request

        var visitorBody = await afterPreview.Content.ReadAsStringAsync();
        Assert.Equal("HIT", afterPreview.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(publishedId, RenderId(visitorBody));
        Assert.DoesNotContain("Draft title in preview", visitorBody, StringComparison.Ordinal);
        Assert.DoesNotContain("Preview:", visitorBody, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_preview_cookie_is_signed_http_only_and_expiring()
    {
        using var editor = NewClient();
        using var request = new HttpRequestMessage(HttpMethod.Get, "/api/preview?path=" + PostPath);
        request.Headers.Add("X-Revalidate-Secret", Site.RevalidateSecret);

        using var response = await editor.SendAsync(request);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PostPath, response.Headers.Location!.OriginalString);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("isr-preview=", setCookie, StringComparison.Ordinal);
        Assert.Contains("httponly", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("samesite=lax", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.Contains("expires=", setCookie, StringComparison.OrdinalIgnoreCase);
        Assert.True(response.Headers.CacheControl is { NoStore: true }, response.Headers.CacheControl?.ToString());
    }

    [Fact]
    public async Task An_expired_or_forged_cookie_is_ignored_and_the_cached_page_is_served()
    {
        using var editor = NewClient();
        var cookie = await EnterPreviewAsync(editor);
        var forged = cookie[..^2] + (cookie[^2] == 'A' ? "BA" : "AA");
        var unsigned = "isr-preview=1." + Site.Time.GetUtcNow().AddDays(1).ToUnixTimeSeconds() + ".abc.";

        var withForged = await GetWithCookieAsync(editor, forged);
        var withUnsigned = await GetWithCookieAsync(editor, unsigned);
        Site.Time.Advance(TimeSpan.FromHours(1) + TimeSpan.FromSeconds(1));
        var withExpired = await GetWithCookieAsync(editor, cookie);

        Assert.Equal("HIT", withForged.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("HIT", withUnsigned.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal("HIT", withExpired.Headers.GetValues("X-Isr-Cache").Single());
        Assert.DoesNotContain("Preview:", await withExpired.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Exit_deletes_the_cookie_and_redirects_back()
    {
        using var editor = NewClient();

        using var response = await editor.GetAsync("/api/preview/exit?path=" + PostPath);

        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        Assert.Equal(PostPath, response.Headers.Location!.OriginalString);
        var setCookie = response.Headers.GetValues("Set-Cookie").Single();
        Assert.StartsWith("isr-preview=;", setCookie, StringComparison.Ordinal);
        Assert.Contains("expires=Thu, 01 Jan 1970", setCookie, StringComparison.OrdinalIgnoreCase);
    }

    private HttpClient NewClient() => Site.CreateClient(new() { AllowAutoRedirect = false, HandleCookies = false });

    private async Task<string> EnterPreviewAsync(HttpClient client)
    {
        using var response = await client.GetAsync($"/api/preview?secret={Site.RevalidateSecret}&path={PostPath}");
        Assert.Equal(HttpStatusCode.Redirect, response.StatusCode);
        return response.Headers.GetValues("Set-Cookie").Single().Split(';')[0];
    }

    private static async Task<HttpResponseMessage> GetWithCookieAsync(HttpClient client, string cookie)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, PostPath);
        request.Headers.Add("Cookie", cookie);
        return await client.SendAsync(request);
    }

    private async Task ReplaceTitleAsync(string title)
    {
        var file = Path.Combine(Site.ContentDirectory, "posts", "hello-world.md");
        var lines = await File.ReadAllLinesAsync(file);
        lines[0] = "# " + title;
        await File.WriteAllLinesAsync(file, lines);
    }

    private static string RenderId(string html) => RenderIdPattern().Match(html).Groups[1].Value;

    [GeneratedRegex("<meta name=\"render-id\" content=\"([0-9a-f]+)\">")]
    private static partial Regex RenderIdPattern();
}
