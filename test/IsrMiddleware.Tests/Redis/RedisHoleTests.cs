using System.Text;
using System.Text.Encodings.Web;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Html;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using StackExchange.Redis;

namespace IsrMiddleware.Tests.Redis;

/// <summary>Pages with a live hole on the shared Redis store: the store holds the shell, never a visitor's hole.</summary>
public sealed class RedisHoleTests(RedisFixture redis) : IClassFixture<RedisFixture>, IDisposable
{
    private const string Visitor = "Visitor7731";

    private readonly TempDirectory _cache = new();

    public void Dispose() => _cache.Dispose();

    [Fact]
    public async Task The_redis_store_never_holds_a_visitors_hole()
    {
        var prefix = RedisInstance.NewPrefix();
        await using var app = await RedisInstance.StartAsync(
            "A",
            redis.Server.Configuration,
            prefix,
            _cache,
            services: services => services.AddStaticParams().AddHole("who", (context, _) => ValueTask.FromResult<IHtmlContent>(
                new HtmlString(context.HttpContext.Request.Cookies.TryGetValue("who", out var who) ? HtmlEncoder.Default.Encode(who) : "nobody"))),
            endpoints: app => app.MapGet("/h/{slug}", async (string slug, HttpContext context) =>
                    Results.Content($"<p>{slug}</p><p>{await context.RenderHoleAsync("who", "nobody")}</p>", "text/html"))
                .WithStaticParams(_ => [new RouteValueDictionary { ["slug"] = "declared" }])
                .WithUnknownParams(UnknownParams.Blocking));
        await app.WaitUntilReadyAsync();

        foreach (var path in new[] { "/h/declared", "/h/on-demand", "/h/declared", "/h/on-demand" })
        {
            using var request = new HttpRequestMessage(HttpMethod.Get, path);
            request.Headers.Add("Cookie", "who=" + Visitor);
            using var response = await app.Client.SendAsync(request);
            Assert.Contains($"<p>{Visitor}</p>", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
        }

        await using var connection = await ConnectionMultiplexer.ConnectAsync(redis.Server.Configuration);
        var database = connection.GetDatabase();
        var server = connection.GetServer(connection.GetEndPoints()[0]);
        var keys = server.Keys(pattern: prefix + "*", pageSize: 1000).ToArray();
        var texts = new List<string>();
        foreach (var key in keys)
        {
            switch (await database.KeyTypeAsync(key))
            {
                case RedisType.String:
                    texts.Add(Encoding.Latin1.GetString((byte[])(await database.StringGetAsync(key))!));
                    break;
                case RedisType.Hash:
                    texts.AddRange((await database.HashGetAllAsync(key)).Select(entry => entry.Name + "=" + Encoding.Latin1.GetString((byte[])entry.Value!)));
                    break;
                case RedisType.SortedSet:
                    texts.AddRange((await database.SortedSetRangeByRankAsync(key)).Select(value => value.ToString()));
                    break;
                case RedisType.Set:
                    texts.AddRange((await database.SetMembersAsync(key)).Select(value => value.ToString()));
                    break;
                case RedisType.List:
                    texts.AddRange((await database.ListRangeAsync(key)).Select(value => value.ToString()));
                    break;
            }
        }

        Assert.Contains(texts, text => text.Contains("<p>on-demand</p>", StringComparison.Ordinal));
        Assert.Contains(texts, text => text.Contains("<p>nobody</p>", StringComparison.Ordinal) || text.Contains(">nobody<", StringComparison.Ordinal));
        Assert.DoesNotContain(texts, text => text.Contains(Visitor, StringComparison.Ordinal));
    }
}
