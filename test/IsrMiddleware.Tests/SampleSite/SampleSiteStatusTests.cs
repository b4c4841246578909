using System.Net;
using System.Net.Http.Headers;
using System.Text;
using IsrMiddleware.Tests.Status;

namespace IsrMiddleware.Tests.SampleSite;

public sealed class SampleSiteStatusTests : SampleSiteTestBase
{
    private static AuthenticationHeaderValue Basic(string user, string password) =>
        new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes(user + ":" + password)));

    [Theory]
    [InlineData("/_isr")]
    [InlineData("/_isr/status.json")]
    public async Task Status_without_the_secret_is_401_with_a_Basic_challenge(string path)
    {
        var none = await Client.GetAsync(path);
        using var wrongBasic = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { Authorization = Basic("operator", "wrong") } };
        using var wrongHeader = new HttpRequestMessage(HttpMethod.Get, path) { Headers = { { "X-Revalidate-Secret", Site.RevalidateSecret + "x" } } };

        Assert.Equal(HttpStatusCode.Unauthorized, none.StatusCode);
        Assert.Equal("Basic", none.Headers.WwwAuthenticate.Single().Scheme);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(wrongBasic)).StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, (await Client.SendAsync(wrongHeader)).StatusCode);
    }

    [Fact]
    public async Task Status_opens_with_the_secret_as_header_or_Basic_password_and_lists_the_sample_pages()
    {
        using var header = new HttpRequestMessage(HttpMethod.Get, "/_isr") { Headers = { { "X-Revalidate-Secret", Site.RevalidateSecret } } };
        var html = await Client.SendAsync(header);
        Client.DefaultRequestHeaders.Authorization = Basic("anyone", Site.RevalidateSecret);
        var status = await StatusClient.JsonAsync(Client);

        Assert.Equal(HttpStatusCode.OK, html.StatusCode);
        Assert.Contains("/blog/hello-world", await html.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        Assert.Contains("/blog/hello-world", StatusClient.Paths(status));
        Assert.Contains("/products/tools/hammer", StatusClient.Paths(status));
        Assert.Contains("/docs/guides/deploy/docker", StatusClient.Paths(status));
        Assert.All(status.GetProperty("pages").EnumerateArray(), page => Assert.Equal("fresh", page.GetProperty("state").GetString()));
    }

    [Fact]
    public async Task Revalidate_action_needs_the_secret_too_and_turns_a_page_stale()
    {
        Client.DefaultRequestHeaders.Authorization = Basic("operator", Site.RevalidateSecret);
        var token = await StatusClient.TokenAsync(Client);
        Client.DefaultRequestHeaders.Authorization = null;
        var anonymous = await Client.SendAsync(StatusClient.Revalidate("path", "/blog/hello-world", token));
        Client.DefaultRequestHeaders.Authorization = Basic("operator", Site.RevalidateSecret);

        var response = await Client.SendAsync(StatusClient.Revalidate("path", "/blog/hello-world", token));

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, response.StatusCode);
        Assert.Equal("stale", StatusClient.StateOf(await StatusClient.JsonAsync(Client), "/blog/hello-world"));
    }

    [Fact]
    public async Task Status_guesses_past_the_failure_budget_are_429_with_Retry_After()
    {
        var statuses = new List<HttpStatusCode>();
        for (var i = 0; i < 30; i++)
        {
            using var guess = new HttpRequestMessage(HttpMethod.Get, "/_isr/status.json") { Headers = { Authorization = Basic("operator", "guess-" + i) } };
            statuses.Add((await Client.SendAsync(guess)).StatusCode);
        }

        using var last = new HttpRequestMessage(HttpMethod.Get, "/_isr/status.json") { Headers = { Authorization = Basic("operator", "guess-last") } };
        var limited = await Client.SendAsync(last);

        Assert.Equal(10, statuses.Count(status => status == HttpStatusCode.Unauthorized));
        Assert.Equal(20, statuses.Count(status => status == HttpStatusCode.TooManyRequests));
        Assert.Equal(HttpStatusCode.TooManyRequests, limited.StatusCode);
        Assert.NotNull(limited.Headers.RetryAfter);
    }
}
