using System.Net;
using System.Security.Claims;
using System.Text.Encodings.Web;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Authentication;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Testing;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Tests.Functional;

public sealed class PipelineOrderTests : IDisposable
{
    private readonly TempDirectory _cache = new();

    private static void MapPage(WebApplication app, RenderCounter renders, bool authorize = false)
    {
        var route = app.MapGet("/pages/{slug}", (string slug, HttpContext context) =>
            {
                renders.Record(context.Request.Path);
                return Results.Content($"<h1>{slug}</h1>", "text/html");
            })
            .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "a" }]);
        if (authorize)
        {
            route.RequireAuthorization();
        }
    }

    private static void AddHeaderAuthentication(IServiceCollection services)
    {
        services.AddAuthentication(HeaderAuthenticationHandler.SchemeName)
            .AddScheme<AuthenticationSchemeOptions, HeaderAuthenticationHandler>(HeaderAuthenticationHandler.SchemeName, _ => { });
        services.AddAuthorization();
    }

    [Fact]
    public async Task UseStaticParams_before_UseRouting_stops_start_up_saying_what_to_do()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            (app, renders) => MapPage(app, renders),
            _cache.Path,
            pipeline: app =>
            {
                app.UseStaticParams();
                app.UseRouting();
            }));

        Assert.Contains("app.UseStaticParams() is called before app.UseRouting()", error.Message, StringComparison.Ordinal);
        Assert.Contains("Call app.UseStaticParams() after app.UseRouting()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Without_an_explicit_UseRouting_the_implicit_routing_comes_first_and_pages_are_served()
    {
        await using var app = await TestApp.StartAsync((a, renders) => MapPage(a, renders), _cache.Path, pipeline: a => a.UseStaticParams());
        await app.WaitUntilReadyAsync();

        var response = await app.Client.GetAsync("/pages/a");

        Assert.Equal("HIT", response.Headers.GetValues("X-Isr-Cache").Single());
    }

    [Fact]
    public async Task Authorization_after_UseStaticParams_on_a_protected_static_route_stops_start_up()
    {
        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => TestApp.StartAsync(
            (app, renders) => MapPage(app, renders, authorize: true),
            _cache.Path,
            services: AddHeaderAuthentication,
            pipeline: app =>
            {
                app.UseRouting();
                app.UseStaticParams();
                app.UseAuthentication();
                app.UseAuthorization();
            }));

        Assert.Contains("'/pages/{slug}' requires authorization", error.Message, StringComparison.Ordinal);
        Assert.Contains("before app.UseStaticParams()", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Authorization_before_UseStaticParams_guards_cached_pages_that_renders_can_produce()
    {
        await using var app = await TestApp.StartAsync(
            (a, renders) => MapPage(a, renders, authorize: true),
            _cache.Path,
            services: AddHeaderAuthentication,
            pipeline: a =>
            {
                a.UseRouting();
                a.UseAuthentication();
                a.UseAuthorization();
                a.UseStaticParams();
            });
        await app.WaitUntilReadyAsync();

        var anonymous = await app.Client.GetAsync("/pages/a");
        using var request = new HttpRequestMessage(HttpMethod.Get, "/pages/a");
        request.Headers.Add(HeaderAuthenticationHandler.Header, "ada");
        var member = await app.Client.SendAsync(request);

        Assert.Equal(HttpStatusCode.Unauthorized, anonymous.StatusCode);
        Assert.Equal(HttpStatusCode.OK, member.StatusCode);
        Assert.Equal("HIT", member.Headers.GetValues("X-Isr-Cache").Single());
        Assert.Equal(1, app.Renders.For("/pages/a"));
    }

    [Theory]
    [InlineData("Production", null, true)]
    [InlineData("Staging", null, true)]
    [InlineData("Development", null, false)]
    [InlineData("Production", "https://www.example.com", false)]
    public async Task Default_canonical_origin_outside_Development_is_a_warning(string environment, string? origin, bool warned)
    {
        var logs = new FakeLoggerProvider();
        await using var app = await TestApp.StartAsync(
            (a, renders) => MapPage(a, renders),
            _cache.Path,
            options =>
            {
                if (origin is not null)
                {
                    options.CanonicalOrigin = new Uri(origin);
                }
            },
            environment: environment,
            logs: logs);

        var warnings = logs.Collector.GetSnapshot().Where(entry => entry.Id.Id == 600).ToList();
        Assert.Equal(warned, warnings.Count == 1);
        if (warned)
        {
            Assert.Equal(LogLevel.Warning, warnings[0].Level);
            Assert.Contains("CanonicalOrigin", warnings[0].Message, StringComparison.Ordinal);
            Assert.Contains(environment, warnings[0].Message, StringComparison.Ordinal);
        }
    }

    public void Dispose() => _cache.Dispose();

    /// <summary>Authenticates a request carrying <c>X-User</c> as that user.</summary>
    private sealed class HeaderAuthenticationHandler(IOptionsMonitor<AuthenticationSchemeOptions> options, ILoggerFactory logger, UrlEncoder encoder)
        : AuthenticationHandler<AuthenticationSchemeOptions>(options, logger, encoder)
    {
        public const string SchemeName = "Header";
        public const string Header = "X-User";

        protected override Task<AuthenticateResult> HandleAuthenticateAsync()
        {
            if (!Request.Headers.TryGetValue(Header, out var user))
            {
                return Task.FromResult(AuthenticateResult.NoResult());
            }

            var identity = new ClaimsIdentity([new Claim(ClaimTypes.Name, user.ToString())], SchemeName);
            return Task.FromResult(AuthenticateResult.Success(new AuthenticationTicket(new ClaimsPrincipal(identity), SchemeName)));
        }
    }
}
