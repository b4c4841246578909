using System.Net;
using System.Text;
using FsCheck;
using FsCheck.Fluent;
using FsCheck.Xunit;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using Microsoft.AspNetCore.Builder;

namespace IsrMiddleware.Tests.Properties;

/// <summary>A body and content type from the generator below.</summary>
public sealed record HostileBody(string ContentType, byte[] Body)
{
    public override string ToString() => $"{ContentType} [{Body.Length} bytes] {Encoding.Latin1.GetString(Body[..Math.Min(120, Body.Length)])}";
}

/// <summary>Generated bodies: random bytes and near-misses of forms, multipart and JSON, under content types with odd parameters.</summary>
public static class HostileBodies
{
    private static readonly string[] MediaTypes =
    [
        "application/x-www-form-urlencoded", "multipart/form-data", "application/json", "application/problem+json", "text/json",
        "text/plain", "application/octet-stream", "multipart/mixed", "application/*", "garbage", "",
    ];

    private static readonly string[] Parameters =
    [
        "", "; charset=utf-8", "; charset=utf-7", "; charset=utf-16", "; charset=utf-32", "; charset=bogus", "; charset=\"utf-8\"",
        "; charset=", "; boundary=zz", "; boundary=", "; boundary=\"a b\"", "; boundary=" + new string('x', 100), ";;;", "; q=\u0000",
    ];

    private static readonly string[] Pieces =
    [
        "path=", "tag=", "prefix=", "/items/a", "&", "=", "%", "%zz", "%00", "+", "--zz", "--zz--", "\r\n", "Content-Disposition: form-data; name=\"path\"",
        "{", "}", "[", "]", "\"path\"", ":", ",", "\"", "null", "true", "1e400", "\\u0000", "\ud800", "\u00ff\u00fe", "mode=eager", "confirm=maybe",
    ];

    public static Arbitrary<HostileBody> HostileBody()
    {
        var contentType = Gen.Elements(MediaTypes).SelectMany(media => Gen.Elements(Parameters).Select(parameter => media + parameter));
        var textBody = Gen.Choose(0, 40).SelectMany(count => Gen.ArrayOf(Gen.Elements(Pieces), count)).Select(pieces => Encoding.UTF8.GetBytes(string.Concat(pieces)));
        var bytesBody = ArbMap.Default.GeneratorFor<byte[]>();
        return contentType
            .SelectMany(type => Gen.OneOf(textBody, bytesBody).Select(body => new HostileBody(type, body)))
            .ToArbitrary();
    }
}

/// <summary>The revalidation endpoint and the status page's action over generated hostile bodies, through the real pipeline.</summary>
[Properties(Arbitrary = [typeof(HostileBodies)], MaxTest = 300)]
public sealed class RevalidateBodyProperties : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly TestApp _app;

    public RevalidateBodyProperties()
    {
        _app = Task.Run(async () =>
        {
            var app = await new RevalidationBackend().StartAsync(_cache.Path, options =>
            {
                options.RevalidateSecret = MalformedBodyTests.Secret;
                options.RevalidateRequestsPerMinute = 100_000;
            },
            app =>
            {
                app.MapRevalidateEndpoint("/api/revalidate");
                app.MapStaticParamsStatus("/_isr");
            });
            await app.WaitUntilReadyAsync();
            return app;
        }).GetAwaiter().GetResult();
    }

    public void Dispose()
    {
        Task.Run(async () => await _app.DisposeAsync()).GetAwaiter().GetResult();
        _cache.Dispose();
    }

    [Property]
    public void The_revalidation_endpoint_answers_200_or_400_never_500(HostileBody body)
    {
        var response = Send(MalformedBodyTests.Post("/api/revalidate", body.ContentType, body.Body));
        var text = Encoding.Latin1.GetString(body.Body);
        var names = text.Contains("path", StringComparison.Ordinal) || text.Contains("tag", StringComparison.Ordinal) || text.Contains("prefix", StringComparison.Ordinal);

        Assert.True(response is HttpStatusCode.OK or HttpStatusCode.BadRequest, $"{(int)response} for {body}");
        Assert.True(names || response == HttpStatusCode.BadRequest, $"{(int)response} for a body that names no target: {body}");
    }

    [Property]
    public void The_status_pages_action_answers_a_4xx_never_500(HostileBody body)
    {
        var response = Send(MalformedBodyTests.Post("/_isr/revalidate", body.ContentType, body.Body, secret: null));

        Assert.InRange((int)response, 400, 499);
    }

    private HttpStatusCode Send(HttpRequestMessage request) =>
        Task.Run(async () => (await _app.Client.SendAsync(request)).StatusCode).GetAwaiter().GetResult();
}
