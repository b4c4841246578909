using System.Collections.Concurrent;
using System.Text.Encodings.Web;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Holes;

/// <summary>
/// A minimal-API site whose pages carry live holes: <c>user</c> (the <c>user</c> cookie), a gated one, and hostile ones
/// (throws, hangs past the timeout, meddles with the response).
/// </summary>
internal sealed class HoleTestApp
{
    public const string Filler = "<p>Catalogue text that makes the page worth compressing.</p>";

    public FakeTimeProvider Time { get; } = new(DateTimeOffset.Parse("2026-01-01T00:00:00Z", System.Globalization.CultureInfo.InvariantCulture));

    public ConcurrentDictionary<string, int> HoleRuns { get; } = new(StringComparer.Ordinal);

    /// <summary>The gated hole waits for this; <see cref="GateReached"/> says it started.</summary>
    public TaskCompletionSource Gate { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource GateReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public TaskCompletionSource HangReached { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public Task<TestApp> StartAsync(string cacheDirectory, bool mapHoleEndpoint = false, Action<StaticParamsOptions>? configure = null) =>
        TestApp.StartAsync(
            (app, renders) =>
            {
                MapPage(app, renders, "/pages/{slug}", ["user"]);
                MapPage(app, renders, "/gated/{slug}", ["gated", "user"]);
                MapPage(app, renders, "/hostile/{slug}", ["throws", "hangs", "meddles", "user"]);
                app.MapGet("/live", async (HttpContext context) =>
                {
                    context.Response.Cookies.Append("page", "own");
                    var holes = await context.RenderHoleAsync("meddles", "-") + " " + await context.RenderHoleAsync("user", "anonymous");
                    return Results.Content("<p>" + holes + "</p>", "text/html; charset=utf-8");
                });
                if (mapHoleEndpoint)
                {
                    app.MapHoleEndpoint();
                }
            },
            cacheDirectory,
            options =>
            {
                options.Holes.Timeout = TimeSpan.FromSeconds(2);
                configure?.Invoke(options);
            },
            services =>
            {
                services.AddSingleton<TimeProvider>(Time);
                services.AddStaticParams()
                    .AddHole("user", (context, _) => Run(context, UserHole(context)))
                    .AddHole("gated", async (context, cancellationToken) =>
                    {
                        GateReached.TrySetResult();
                        await Gate.Task.WaitAsync(cancellationToken);
                        return Run(context, new HtmlString("<b>gate opened</b>")).Result;
                    })
                    .AddHole("throws", (context, _) => throw new InvalidOperationException("the hole broke"))
                    .AddHole("hangs", async (context, _) =>
                    {
                        HangReached.TrySetResult();
                        await Task.Delay(Timeout.InfiniteTimeSpan, CancellationToken.None);
                        return new HtmlString("never");
                    })
                    .AddHole("meddles", async (context, cancellationToken) =>
                    {
                        var response = context.HttpContext.Response;
                        response.StatusCode = StatusCodes.Status500InternalServerError;
                        response.Headers["X-Meddled"] = "yes";
                        response.Cookies.Append("meddled", "yes");
                        await response.WriteAsync("meddled bytes", cancellationToken);
                        return new HtmlString("meddler output");
                    });
            });

    private ValueTask<IHtmlContent> Run(HoleContext context, IHtmlContent content)
    {
        HoleRuns.AddOrUpdate(context.Name, 1, (_, count) => count + 1);
        return ValueTask.FromResult(content);
    }

    private static IHtmlContent UserHole(HoleContext context) =>
        context.HttpContext.Request.Cookies.TryGetValue("user", out var user)
            ? new HtmlString("Hello " + HtmlEncoder.Default.Encode(user) + " on " + HtmlEncoder.Default.Encode(context.PagePath))
            : new HtmlString("anonymous");

    private static void MapPage(WebApplication app, RenderCounter renders, string pattern, string[] holes) =>
        app.MapGet(pattern, async (HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                var html = new System.Text.StringBuilder("<!DOCTYPE html><html><head><meta name=\"render-id\" content=\"")
                    .Append(Guid.NewGuid().ToString("N")).Append("\"></head><body>");
                foreach (var hole in holes)
                {
                    html.Append("<div class=\"hole\">").Append(await context.RenderHoleAsync(hole, "fallback of " + hole)).Append("</div>");
                }

                html.Append(string.Concat(Enumerable.Repeat(Filler, 40))).Append("</body></html>");
                return Results.Content(html.ToString(), "text/html; charset=utf-8");
            })
            .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }]);
}
