using System.Diagnostics;
using System.Net;
using Xunit.Abstractions;

namespace IsrMiddleware.Tests.Edge;

/// <summary>Varnish 7 with the shipped VCL in front of the sample site, which soft-purges it by xkey.</summary>
public sealed class VarnishTests(VarnishFixture fixture, ITestOutputHelper output) : IClassFixture<VarnishFixture>
{
    private static readonly TimeSpan PollLimit = TimeSpan.FromSeconds(15);

    private HttpClient Varnish => fixture.Varnish.Client;

    [Fact]
    public async Task Second_request_is_a_varnish_hit_and_the_keys_stay_inside()
    {
        using var first = await Varnish.GetAsync("/blog/second-post");
        using var second = await Varnish.GetAsync("/blog/second-post");

        Assert.Equal(HttpStatusCode.OK, second.StatusCode);
        Assert.Equal("HIT", Header(second, "X-Cache"));
        Assert.Equal(2, Header(second, "X-Varnish")!.Split(' ').Length); // this request's id and the cached object's
        Assert.True(second.Headers.Age is not null, "a hit carries Age");
        Assert.Equal(await first.Content.ReadAsStringAsync(), await second.Content.ReadAsStringAsync());
        Assert.False(second.Headers.Contains("xkey"), "surrogate keys are for Varnish only");

        using var origin = await fixture.Site.Client.GetAsync("/blog/second-post");
        var keys = Header(origin, "xkey")!.Split(' ');
        Assert.Equal(SurrogateKeys.ForPath("/blog/second-post"), keys[0]);
        Assert.Contains("posts", keys);
    }

    [Fact]
    public async Task After_a_content_change_and_an_eager_revalidation_varnish_serves_the_new_page_within_a_second()
    {
        const string path = "/blog/hello-world";
        await WarmAsync(path);
        var title = "Hello edge " + Guid.NewGuid().ToString("N");
        await ReplaceTitleAsync("hello-world", title);
        Assert.DoesNotContain(title, await Varnish.GetStringAsync(path), StringComparison.Ordinal);

        var clock = Stopwatch.StartNew();
        using (var revalidation = await RevalidateAsync($"path={path}&mode=eager"))
        {
            Assert.Equal(HttpStatusCode.OK, revalidation.StatusCode);
        }

        var elapsed = await TimeUntilVarnishServesAsync(path, title, clock);
        output.WriteLine($"eager revalidation of {path} -> new page at Varnish after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"Varnish served the new page after {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task After_a_content_change_and_a_lazy_revalidation_varnish_serves_the_new_page_within_a_second()
    {
        const string path = "/blog/isr-explained";
        await WarmAsync(path);
        var title = "Lazy edge " + Guid.NewGuid().ToString("N");
        await ReplaceTitleAsync("isr-explained", title);

        var clock = Stopwatch.StartNew();
        using (var revalidation = await RevalidateAsync($"path={path}"))
        {
            Assert.Equal(HttpStatusCode.OK, revalidation.StatusCode);
        }

        var elapsed = await TimeUntilVarnishServesAsync(path, title, clock);
        output.WriteLine($"lazy revalidation of {path} -> new page at Varnish after {elapsed.TotalMilliseconds:F0} ms");
        Assert.True(elapsed < TimeSpan.FromSeconds(1), $"Varnish served the new page after {elapsed.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_purge_from_an_address_outside_the_acl_is_refused_and_the_page_stays_cached()
    {
        // The same VCL with 127.0.0.1 left out of the purgers ACL: every request of this test comes from outside it.
        var vcl = VarnishProcess.Vcl(fixture.Site.Client.BaseAddress!.Port, text => text
            .Replace("    \"127.0.0.1\";\n", "    \"192.0.2.1\";\n", StringComparison.Ordinal)
            .Replace("    \"::1\";\n", string.Empty, StringComparison.Ordinal));
        Assert.DoesNotContain("\"127.0.0.1\";\n}", vcl, StringComparison.Ordinal);
        await using var strict = await VarnishProcess.StartAsync(VarnishProcess.FreePort(), vcl);
        using (await strict.Client.GetAsync("/blog/second-post"))
        {
        }

        using var purge = new HttpRequestMessage(new HttpMethod("PURGE"), "/blog/second-post");
        purge.Headers.Add("xkey-purge", SurrogateKeys.ForPath("/blog/second-post") + " posts");
        using var refused = await strict.Client.SendAsync(purge);
        using var plain = await strict.Client.SendAsync(new HttpRequestMessage(new HttpMethod("PURGE"), "/blog/second-post"));
        using var after = await strict.Client.GetAsync("/blog/second-post");

        Assert.Equal(HttpStatusCode.Forbidden, refused.StatusCode);
        Assert.Equal(HttpStatusCode.Forbidden, plain.StatusCode);
        Assert.Equal("HIT", Header(after, "X-Cache"));
    }

    [Fact]
    public async Task A_preview_through_varnish_is_passed_to_the_origin_and_never_cached()
    {
        // A page that never goes stale: a stale answer says s-maxage=0, which Varnish does not keep.
        const string path = "/blog/second-post";
        await WarmAsync(path);
        using var enter = new HttpRequestMessage(HttpMethod.Get, $"/api/preview?path={path}");
        enter.Headers.Add("X-Revalidate-Secret", VarnishFixture.Secret);
        using var entered = await new HttpClient(new HttpClientHandler { AllowAutoRedirect = false }) { BaseAddress = Varnish.BaseAddress }.SendAsync(enter);
        Assert.Equal(HttpStatusCode.Redirect, entered.StatusCode);
        var cookie = entered.Headers.GetValues("Set-Cookie").Single().Split(';')[0];

        using var preview = new HttpRequestMessage(HttpMethod.Get, path);
        preview.Headers.Add("Cookie", cookie);
        using var previewed = await Varnish.SendAsync(preview);
        using var published = await Varnish.GetAsync(path);

        Assert.Equal("BYPASS", Header(previewed, "X-Isr-Cache"));
        Assert.Equal("MISS", Header(previewed, "X-Cache"));
        Assert.Contains("Preview:", await previewed.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Equal("HIT", Header(published, "X-Cache"));
        Assert.DoesNotContain("Preview:", await published.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_second_user_gets_the_cached_shell_from_varnish_with_their_own_greeting()
    {
        const string path = "/docs/guides/deploy/docker";
        using var ann = await GetAsUserAsync(path, "Ann");
        using var bob = await GetAsUserAsync(path, "Bob");
        using var nobody = await Varnish.GetAsync(path);
        var annHtml = await ann.Content.ReadAsStringAsync();
        var bobHtml = await bob.Content.ReadAsStringAsync();
        var nobodyHtml = await nobody.Content.ReadAsStringAsync();

        Assert.Equal("HIT", Header(bob, "X-Cache"));
        Assert.Equal("HIT", Header(nobody, "X-Cache"));
        Assert.Contains("Signed in as Ann", annHtml, StringComparison.Ordinal);
        Assert.Contains("Signed in as Bob", bobHtml, StringComparison.Ordinal);
        Assert.Contains(">Not signed in<", nobodyHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("Ann", bobHtml, StringComparison.Ordinal);
        Assert.DoesNotContain("esi:include", bobHtml, StringComparison.Ordinal);
        Assert.Equal(RenderIdOf(annHtml), RenderIdOf(bobHtml));

        // What leaves Varnish holds one visitor's greeting: no shared cache after it may keep it.
        Assert.Equal("private, no-cache", bob.Headers.NonValidated["Cache-Control"].ToString());
        Assert.False(bob.Headers.Contains("ETag"));
    }

    private async Task<HttpResponseMessage> GetAsUserAsync(string path, string user)
    {
        using var request = new HttpRequestMessage(HttpMethod.Get, path);
        request.Headers.Add("Cookie", "sample-user=" + user);
        return await Varnish.SendAsync(request);
    }

    private static string RenderIdOf(string html) =>
        System.Text.RegularExpressions.Regex.Match(html, "<meta name=\"render-id\" content=\"([0-9a-f]{32})\"").Groups[1].Value;

    private async Task WarmAsync(string path)
    {
        using (await Varnish.GetAsync(path))
        {
        }

        using var hit = await Varnish.GetAsync(path);
        Assert.Equal("HIT", Header(hit, "X-Cache"));
    }

    private async Task ReplaceTitleAsync(string slug, string title)
    {
        var file = Path.Combine(fixture.ContentDirectory, "posts", slug + ".md");
        var lines = await File.ReadAllLinesAsync(file);
        lines[0] = "# " + title;
        await File.WriteAllLinesAsync(file, lines);
    }

    private async Task<HttpResponseMessage> RevalidateAsync(string query)
    {
        using var request = new HttpRequestMessage(HttpMethod.Post, "/api/revalidate?" + query);
        request.Headers.Add("X-Revalidate-Secret", VarnishFixture.Secret);
        return await fixture.Site.Client.SendAsync(request);
    }

    /// <summary>Polls Varnish (bounded) until it answers the page with the new title; the time since the clock started.</summary>
    private async Task<TimeSpan> TimeUntilVarnishServesAsync(string path, string title, Stopwatch clock)
    {
        while (clock.Elapsed < PollLimit)
        {
            if ((await Varnish.GetStringAsync(path)).Contains(title, StringComparison.Ordinal))
            {
                return clock.Elapsed;
            }

            await Task.Delay(10);
        }

        throw new TimeoutException($"Varnish still served the old {path} after {PollLimit}.");
    }

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? string.Join(",", values) : null;
}
