using System.Net;
using System.Text;
using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Status;
using Microsoft.AspNetCore.Builder;

namespace IsrMiddleware.Tests.Revalidation;

/// <summary>A body that cannot be read is a 400 with a JSON error on the revalidation endpoint, and a plain 400 on the status page's action: never a 500.</summary>
public sealed class MalformedBodyTests : IAsyncLifetime, IDisposable
{
    internal const string Secret = "s3cret-value";

    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();
    private TestApp _app = null!;

    public static TheoryData<string, string> HostileBodies => new()
    {
        { "multipart/form-data; boundary=zz", "garbage without any boundary" },
        { "multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"path\"\r\n\r\n/items/a" },
        { "multipart/form-data", "--zz\r\n\r\n" },
        { "multipart/form-data; boundary=" + new string('b', 200), "--b\r\n" },
        { "application/x-www-form-urlencoded", string.Join('&', Enumerable.Range(0, 1100).Select(i => $"f{i}=1")) },
        { "application/x-www-form-urlencoded", "path=" + new string('k', 4 * 1024 * 1024 + 10) },
        { "application/json; charset=utf-7", "{\"path\":\"/items/a\"}" },
        { "application/json; charset=bogus", "{\"path\":\"/items/a\"}" },
        { "application/json; charset=\"utf-8\"", "{\"path\":\"/items/a\"}" },
        { "application/x-www-form-urlencoded; charset=utf-7", "path=/items/a" },
        { "application/json", "{\"path\":" },
        { "application/json", "{\"paths\": 5}" },
        { "application/json", "[1,2,3]" },
        { "application/json", new string('[', 5000) },
        { "application/json", "\u00ff\u00fe{}" },
    };

    public async Task InitializeAsync()
    {
        _app = await _backend.StartAsync(_cache.Path, options =>
        {
            options.RevalidateSecret = Secret;
            options.RevalidateRequestsPerMinute = 100_000;
        },
        app =>
        {
            app.MapRevalidateEndpoint("/api/revalidate");
            app.MapStaticParamsStatus("/_isr");
        });
        await _app.WaitUntilReadyAsync();
    }

    public async Task DisposeAsync() => await _app.DisposeAsync();

    public void Dispose() => _cache.Dispose();

    internal static HttpRequestMessage Post(string url, string contentType, byte[] body, string? secret = Secret)
    {
        var content = new ByteArrayContent(body);
        content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        var request = new HttpRequestMessage(HttpMethod.Post, url) { Content = content };
        if (secret is not null)
        {
            request.Headers.Add("X-Revalidate-Secret", secret);
        }

        return request;
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task A_malformed_body_on_the_revalidation_endpoint_is_a_400_with_a_JSON_error(string contentType, string body)
    {
        var response = await _app.Client.SendAsync(Post("/api/revalidate", contentType, Encoding.Latin1.GetBytes(body)));

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.False(string.IsNullOrEmpty(JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString()));
    }

    [Theory]
    [MemberData(nameof(HostileBodies))]
    public async Task A_malformed_form_on_the_status_pages_action_is_a_plain_4xx(string contentType, string body)
    {
        var response = await _app.Client.SendAsync(Post("/_isr/revalidate", contentType, Encoding.Latin1.GetBytes(body)));

        Assert.InRange((int)response.StatusCode, 400, 499);
        Assert.Equal("text/plain", response.Content.Headers.ContentType?.MediaType);
    }

    [Theory]
    [InlineData("multipart/form-data; boundary=zz", "garbage without any boundary")]
    [InlineData("multipart/form-data; boundary=zz", "--zz\r\nContent-Disposition: form-data; name=\"target\"\r\n\r\npath")]
    [InlineData("application/x-www-form-urlencoded", "")]
    public async Task A_form_the_status_page_cannot_read_within_its_size_is_a_400(string contentType, string body)
    {
        var request = Post("/_isr/revalidate", contentType, Encoding.Latin1.GetBytes(body));
        if (body.Length == 0)
        {
            request.Content = new ByteArrayContent(Encoding.ASCII.GetBytes(string.Join('&', Enumerable.Range(0, 1100).Select(i => $"{i % 10}="))));
            request.Content.Headers.TryAddWithoutValidation("Content-Type", contentType);
        }

        var response = await _app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.BadRequest, response.StatusCode);
    }

    [Fact]
    public async Task A_well_formed_body_still_revalidates()
    {
        var json = await _app.Client.SendAsync(Post("/api/revalidate", "application/json; charset=utf-8", Encoding.UTF8.GetBytes("{\"path\":\"/items/a\"}")));
        var form = await _app.Client.SendAsync(Post("/api/revalidate", "application/x-www-form-urlencoded", Encoding.UTF8.GetBytes("tag=items")));
        var status = await _app.Client.SendAsync(StatusClient.Revalidate("path", "/items/b", await StatusClient.TokenAsync(_app.Client)));

        Assert.Equal(HttpStatusCode.OK, json.StatusCode);
        Assert.Equal(HttpStatusCode.OK, form.StatusCode);
        Assert.Equal(HttpStatusCode.SeeOther, status.StatusCode);
    }
}
