using System.Net;
using System.Net.Sockets;
using System.Text;
using System.Text.RegularExpressions;
using IsrMiddleware.Tests.Faults;
using IsrMiddleware.Tests.Infrastructure;

namespace IsrMiddleware.Tests.SampleSite;

public sealed partial class SampleSiteMetricsTests : SampleSiteTestBase
{
    [Fact]
    public async Task Metrics_endpoint_serves_isr_requests_by_outcome_in_the_Prometheus_text_format()
    {
        await Client.GetAsync("/blog/hello-world");
        await Client.GetAsync("/blog/hello-world");
        await Client.GetAsync("/blog/no-such-post");

        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Add("X-Revalidate-Secret", Site.RevalidateSecret);
        var response = await Client.SendAsync(scrape);
        var text = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
        Assert.Contains("# TYPE isr_requests_total counter", text, StringComparison.Ordinal);
        // One line per meter: hosts of other tests running in this process have their own meter of the same name.
        var hits = RequestsLine().Matches(text).Where(m => m.Groups["outcome"].Value == "hit").ToList();
        Assert.NotEmpty(hits);
        Assert.True(hits.Sum(hit => double.Parse(hit.Groups["value"].Value, System.Globalization.CultureInfo.InvariantCulture)) >= 2, text);
        Assert.Contains(RequestsLine().Matches(text), m => m.Groups["outcome"].Value == "not-found");
        Assert.Contains("isr_renders_total{", text, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_endpoint_answers_401_without_the_revalidation_secret()
    {
        var anonymous = await Client.GetAsync("/metrics");
        using var wrong = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        wrong.Headers.Add("X-Revalidate-Secret", "not-the-secret");
        var guessed = await Client.SendAsync(wrong);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.Unauthorized, guessed.StatusCode);
        Assert.DoesNotContain("isr_", await anonymous.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task Metrics_endpoint_accepts_the_secret_as_the_Basic_password_of_a_scraper()
    {
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new("Basic", Convert.ToBase64String(Encoding.UTF8.GetBytes("prometheus:" + Site.RevalidateSecret)));

        var response = await Client.SendAsync(scrape);

        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.StartsWith("text/plain", response.Content.Headers.ContentType?.MediaType, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Meter_is_pushed_over_OTLP_when_an_endpoint_is_configured()
    {
        using var receiver = new HttpListener();
        var port = FreePort();
        receiver.Prefixes.Add($"http://127.0.0.1:{port}/");
        receiver.Start();
        var received = ReceiveMetricsAsync(receiver);

        using var content = new TempDirectory();
        TempDirectory.CopyTree(Path.Combine(AppContext.BaseDirectory, "content"), content.Path);
        await using var site = await SampleSiteProcess.StartAsync(
            content.Path,
            Path.Combine(content.Path, ".cache"),
            "otlp-secret",
            new Dictionary<string, string>
            {
                ["OTEL_EXPORTER_OTLP_ENDPOINT"] = $"http://127.0.0.1:{port}",
                ["OTEL_EXPORTER_OTLP_PROTOCOL"] = "http/protobuf",
                ["OTEL_METRIC_EXPORT_INTERVAL"] = "200",
            });
        await site.Client.GetAsync("/blog/hello-world");

        var (path, body) = await received.WaitAsync(TimeSpan.FromSeconds(30));

        Assert.Equal("/v1/metrics", path);
        Assert.Contains("isr.requests", body, StringComparison.Ordinal);
    }

    /// <summary>The first OTLP export that carries the library's request counter.</summary>
    private static async Task<(string Path, string Body)> ReceiveMetricsAsync(HttpListener receiver)
    {
        for (var i = 0; i < 200; i++)
        {
            var context = await receiver.GetContextAsync();
            using var reader = new MemoryStream();
            await context.Request.InputStream.CopyToAsync(reader);
            context.Response.StatusCode = 200;
            context.Response.Close();

            // Protobuf keeps strings as UTF-8 bytes, so the instrument's name is readable in the payload.
            var body = Encoding.UTF8.GetString(reader.ToArray());
            if (body.Contains("isr.requests", StringComparison.Ordinal))
            {
                return (context.Request.Url!.AbsolutePath, body);
            }
        }

        throw new InvalidOperationException("200 OTLP exports arrived without isr.requests.");
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    [GeneratedRegex("^isr_requests_total\\{[^}]*outcome=\"(?<outcome>[^\"]+)\"[^}]*\\} (?<value>[0-9.e+]+)", RegexOptions.Multiline)]
    private static partial Regex RequestsLine();
}
