using Microsoft.Extensions.Time.Testing;
using IsrMiddleware.Tests.Infrastructure;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.TestHost;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace IsrMiddleware.Tests.Export;

/// <summary>A small app with static params and the static export, exported in-process (never started otherwise).</summary>
internal static class ExportApp
{
    public static FakeTimeProvider Time(DateTimeOffset at)
    {
        return new FakeTimeProvider(at);
    }

    /// <summary>Builds the app (on a TestServer unless <paramref name="kestrelArgs"/> is given), maps it and exports it.</summary>
    public static async Task<StaticExportResult> ExportAsync(
        Action<WebApplication> map,
        string directory,
        string cacheDirectory,
        Action<StaticExportOptions>? configure = null,
        string? webRoot = null,
        TimeProvider? time = null)
    {
        await using var app = Build(map, cacheDirectory, webRoot, time, kestrelArgs: null);
        return await app.ExportAsync(directory, configure);
    }

    public static WebApplication Build(Action<WebApplication> map, string cacheDirectory, string? webRoot, TimeProvider? time, string[]? kestrelArgs)
    {
        var builder = WebApplication.CreateBuilder(new WebApplicationOptions
        {
            EnvironmentName = "Production",
            WebRootPath = webRoot,
            Args = kestrelArgs ?? [],
        });
        if (kestrelArgs is null)
        {
            builder.WebHost.UseTestServer();
        }

        builder.Logging.ClearProviders();
        if (time is not null)
        {
            builder.Services.AddSingleton(time);
        }

        builder.Services.AddStaticParams(options =>
        {
            options.CacheDirectory = cacheDirectory;
            options.CanonicalOrigin = new Uri("https://www.example.com");
        }).AddStaticExport(options => options.Parallelism = 2);

        var app = builder.Build();
        app.UseRouting();
        app.UseStaticParams();
        map(app);
        return app;
    }

    /// <summary>Every file under a folder, as sorted relative paths with '/' separators.</summary>
    public static string[] Files(string directory) =>
        Directory.Exists(directory)
            ? Directory.EnumerateFiles(directory, "*", SearchOption.AllDirectories)
                .Select(file => Path.GetRelativePath(directory, file).Replace(Path.DirectorySeparatorChar, '/'))
                .Order(StringComparer.Ordinal)
                .ToArray()
            : [];
}
