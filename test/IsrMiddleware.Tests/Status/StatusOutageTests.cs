using System.Net;
using System.Text.Json;
using IsrMiddleware.Tests.Infrastructure;
using IsrMiddleware.Tests.Revalidation;
using IsrMiddleware.Tests.Storage;
using Microsoft.AspNetCore.Builder;
using Microsoft.Extensions.DependencyInjection;

namespace IsrMiddleware.Tests.Status;

/// <summary>While the page store cannot be read, the status page still answers: 503, with what this instance knows.</summary>
public sealed class StatusOutageTests : IDisposable
{
    private readonly TempDirectory _cache = new();
    private readonly RevalidationBackend _backend = new();
    private readonly DictionaryPageStore _store = new();

    public void Dispose() => _cache.Dispose();

    private async Task<TestApp> StartAsync()
    {
        var app = await _backend.StartAsync(_cache.Path, map: app => app.MapStaticParamsStatus("/_isr"), services: services => services.AddStaticParams().UsePageStore(_store));
        await app.WaitUntilReadyAsync();
        await app.Client.GetAsync("/items/a");
        return app;
    }

    [Fact]
    public async Task Status_json_answers_503_with_Retry_After_and_a_JSON_error_while_the_store_is_down()
    {
        await using var app = await StartAsync();
        var token = await StatusClient.TokenAsync(app.Client);
        _store.Down = true;

        var response = await app.Client.GetAsync("/_isr/status.json");
        var action = await app.Client.SendAsync(StatusClient.Revalidate("path", "/items/a", token));

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.Equal(TimeSpan.FromSeconds(5), response.Headers.RetryAfter?.Delta);
        Assert.Equal("application/json", response.Content.Headers.ContentType?.MediaType);
        Assert.Contains("the test store is down", JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement.GetProperty("error").GetString(), StringComparison.Ordinal);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, action.StatusCode);
        Assert.NotNull(action.Headers.RetryAfter);
    }

    [Fact]
    public async Task The_status_page_answers_503_and_still_shows_what_the_memory_tier_holds()
    {
        await using var app = await StartAsync();
        _store.Down = true;

        var response = await app.Client.GetAsync("/_isr");
        var html = await response.Content.ReadAsStringAsync();

        Assert.Equal(HttpStatusCode.ServiceUnavailable, response.StatusCode);
        Assert.NotNull(response.Headers.RetryAfter);
        Assert.Contains("Page store unavailable", html, StringComparison.Ordinal);
        Assert.Contains("data-path=\"/items/a\"", html, StringComparison.Ordinal);
        Assert.Contains("(memory)", html, StringComparison.Ordinal);

        _store.Down = false;
        Assert.Equal(HttpStatusCode.OK, (await app.Client.GetAsync("/_isr")).StatusCode);
    }
}
