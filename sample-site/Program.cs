using IsrMiddleware;
using SampleSite.Data;
using SampleSite.Holes;
using SampleSite.Operating;

// Started from another folder (`dotnet path/to/SampleSite.dll`), the site still reads the settings and content beside it.
var builder = WebApplication.CreateBuilder(new WebApplicationOptions { Args = args, ContentRootPath = SampleSiteContentRoot.Choose(args) });
var config = builder.Configuration;

builder.AddSampleSiteLogging();
builder.AddSampleSiteForwardedHeaders();
builder.AddSampleSiteTelemetry();
builder.AddSampleSiteStatus();

builder.Services.AddRazorPages();
builder.Services.AddRazorComponents(); // the Blazor static-SSR section (/authors/{slug}) beside the Razor Pages

// blazor.web.js is a static web asset; from a build output (not a publish) it is found through the build's manifest,
// which ASP.NET Core reads by itself only in Development.
builder.WebHost.UseStaticWebAssets();
builder.Services.Configure<ContentOptions>(config.GetSection("SampleSite"));
builder.Services.AddSingleton<ContentStore>();

var isr = builder.Services.AddStaticParams(options =>
{
    if (config["Isr:CacheDirectory"] is { Length: > 0 } cacheDirectory)
    {
        options.CacheDirectory = cacheDirectory;
    }

    if (config["Isr:CanonicalOrigin"] is { Length: > 0 } origin)
    {
        options.CanonicalOrigin = Uri.TryCreate(origin, UriKind.Absolute, out var uri)
            ? uri
            : throw new InvalidOperationException($"Isr:CanonicalOrigin '{origin}' is not an absolute URI.");
    }

    options.RevalidateSecret = config["Isr:RevalidateSecret"];
    if (config["Isr:BuildId"] is { Length: > 0 } buildId)
    {
        options.BuildId = buildId;
    }

    options.AddProfile("products", profile =>
    {
        profile.UnknownParams = UnknownParams.Blocking;
        profile.Revalidate = TimeSpan.FromSeconds(config.GetValue("SampleSite:ProductRevalidateSeconds", 60));
        profile.Tags.Add("products");
    });
}).AddStaticExport();

// The layout's live hole: the cached pages are the same for everyone, the greeting is each visitor's own.
builder.Services.Configure<GreetingOptions>(config.GetSection("SampleSite"));
isr.AddHole<GreetingHole>(GreetingHole.Name);

// A Varnish in front (docker/varnish/default.vcl): pages carry xkey headers and every change soft-purges it.
if (config["Isr:Edge:VarnishUrl"] is { Length: > 0 } varnishUrl)
{
    isr.AddVarnishInvalidator(Uri.TryCreate(varnishUrl, UriKind.Absolute, out var varnish)
        ? varnish
        : throw new InvalidOperationException($"Isr:Edge:VarnishUrl '{varnishUrl}' is not an absolute URI."));
}

// Several instances behind a balancer share one cache and one invalidation feed (docker/compose.yaml).
if (config.GetConnectionString("Redis") is { Length: > 0 } redis)
{
    isr.AddRedisStore(options =>
    {
        options.Configuration = redis;
        options.KeyPrefix = config["Isr:Redis:KeyPrefix"] is { Length: > 0 } prefix ? prefix : "isr:";
        if (config["Isr:Redis:InstanceName"] is { Length: > 0 } instance)
        {
            options.InstanceName = instance;
        }
    });
}

var app = builder.Build();

// A missing content folder stops the start with an error naming it, rather than a site that declares nothing.
app.Services.GetRequiredService<ContentStore>();

// First: everything after it (error pages, logs, cookies, the status page's origin checks) sees the client's scheme and address.
app.UseForwardedHeaders();
if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
}

app.UseSampleSiteRequestLogging();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseStaticParams();
app.UseAntiforgery();
app.MapRazorPages();
app.MapStaticAssets();
app.MapRazorComponents<SampleSite.Components.App>();
app.MapHoleEndpoint(); // where Varnish (ESI) fetches the greeting for a cached shell
app.MapHealthChecks("/healthz");
app.MapSampleSiteMetrics();
app.MapSampleSiteStatus();
app.MapSitemap();
if (!string.IsNullOrEmpty(config["Isr:RevalidateSecret"]))
{
    app.MapRevalidateEndpoint("/api/revalidate");
    app.MapPreviewEndpoint("/api/preview");
}
else
{
    // Without a secret nobody may revalidate: the contract's 401, and a warning so the operator knows why.
    app.Logger.LogWarning("Isr:RevalidateSecret is not set: POST /api/revalidate answers 401 to every request.");
    app.MapPost("/api/revalidate", () => Results.Json(new { error = "no revalidation secret is configured" }, statusCode: StatusCodes.Status401Unauthorized));
}

// `dotnet run -- export <dir>` writes the site as static files; otherwise the site runs.
return await app.RunOrExportAsync(args);

public partial class Program;
