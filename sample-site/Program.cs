using IsrMiddleware;
using SampleSite.Data;
using SampleSite.Operating;

var builder = WebApplication.CreateBuilder(args);
var config = builder.Configuration;

builder.AddSampleSiteLogging();
builder.AddSampleSiteTelemetry();
builder.AddSampleSiteStatus();

builder.Services.AddRazorPages();
builder.Services.Configure<ContentOptions>(config.GetSection("SampleSite"));
builder.Services.AddSingleton<ContentStore>();

builder.Services.AddStaticParams(options =>
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

var app = builder.Build();

if (!app.Environment.IsDevelopment())
{
    app.UseExceptionHandler("/Error");
}

app.UseSampleSiteRequestLogging();
app.UseRouting();
app.UseAuthentication();
app.UseAuthorization();
app.UseStaticParams();
app.MapRazorPages();
app.MapHealthChecks("/healthz");
app.MapSampleSiteMetrics();
app.MapSampleSiteStatus();
if (!string.IsNullOrEmpty(config["Isr:RevalidateSecret"]))
{
    app.MapRevalidateEndpoint("/api/revalidate");
}
else
{
    // Without a secret nobody may revalidate: the contract's 401, and a warning so the operator knows why.
    app.Logger.LogWarning("Isr:RevalidateSecret is not set: POST /api/revalidate answers 401 to every request.");
    app.MapPost("/api/revalidate", () => Results.Json(new { error = "no revalidation secret is configured" }, statusCode: StatusCodes.Status401Unauthorized));
}

app.Run();

public partial class Program;
