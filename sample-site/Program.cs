using IsrMiddleware;
using SampleSite.Data;
using Serilog;

var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;

// Serilog through Microsoft.Extensions.Logging. The logger is this host's own (not the static Log.Logger), so that
// several hosts in one process, as in WebApplicationFactory tests, do not close each other's logger on dispose.
var logger = new LoggerConfiguration()
    .ReadFrom.Configuration(config)
    .Enrich.FromLogContext()
    .WriteTo.Console(outputTemplate: "[{Timestamp:HH:mm:ss.fff} {Level:u3}] {SourceContext}: {Message:lj}{NewLine}{Exception}")
    .CreateLogger();
builder.Logging.ClearProviders();
builder.Logging.SetMinimumLevel(LogLevel.Trace); // levels are Serilog's to decide (section "Serilog:MinimumLevel")
builder.Logging.AddSerilog(logger, dispose: true);

builder.Services.AddRazorPages();
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

    options.AddProfile("products", profile =>
    {
        profile.UnknownParams = UnknownParams.Blocking;
        profile.Revalidate = TimeSpan.FromSeconds(config.GetValue("SampleSite:ProductRevalidateSeconds", 60));
        profile.Tags.Add("products");
    });
});

// A Varnish in front (docker/varnish/default.vcl): pages carry xkey headers and every change soft-purges it.
if (config["Isr:Edge:VarnishUrl"] is { Length: > 0 } varnishUrl)
{
    isr.AddVarnishInvalidator(Uri.TryCreate(varnishUrl, UriKind.Absolute, out var varnish)
        ? varnish
        : throw new InvalidOperationException($"Isr:Edge:VarnishUrl '{varnishUrl}' is not an absolute URI."));
}

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
}

app.UseRouting();
app.UseStaticParams();
app.MapRazorPages();
app.MapHealthChecks("/healthz");
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

app.Run();

public partial class Program;
