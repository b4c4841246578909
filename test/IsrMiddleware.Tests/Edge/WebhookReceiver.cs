using System.Collections.Concurrent;
using System.Text.Json;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Tests.Edge;

/// <summary>A tiny Kestrel app on 127.0.0.1 that records webhook invalidations; the first few can be made to fail.</summary>
internal sealed class WebhookReceiver : IAsyncDisposable
{
    private readonly WebApplication _app;
    private int _failuresLeft;

    private WebhookReceiver(WebApplication app) => _app = app;

    public ConcurrentQueue<(string[] Keys, string[] Paths, string? Authorization, string? ContentType)> Received { get; } = new();

    public int Requests => Volatile.Read(ref _requests);

    public Uri Url { get; private set; } = null!;

    private int _requests;

    public static async Task<WebhookReceiver> StartAsync(int failFirst = 0)
    {
        var builder = WebApplication.CreateSlimBuilder();
        builder.WebHost.UseUrls("http://127.0.0.1:0");
        builder.Logging.ClearProviders();
        var app = builder.Build();
        var receiver = new WebhookReceiver(app) { _failuresLeft = failFirst };
        app.MapPost("/purge", async (HttpContext context) =>
        {
            Interlocked.Increment(ref receiver._requests);
            using var json = await JsonDocument.ParseAsync(context.Request.Body);
            receiver.Received.Enqueue((
                Strings(json.RootElement.GetProperty("surrogateKeys")),
                Strings(json.RootElement.GetProperty("paths")),
                context.Request.Headers.Authorization.ToString(),
                context.Request.ContentType));
            return Interlocked.Decrement(ref receiver._failuresLeft) >= 0 ? Results.StatusCode(503) : Results.NoContent();
        });
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        receiver.Url = new Uri(new Uri(address), "/purge");
        return receiver;
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static string[] Strings(JsonElement array) => array.EnumerateArray().Select(item => item.GetString()!).ToArray();
}
