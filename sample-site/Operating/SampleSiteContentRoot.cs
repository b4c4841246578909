using Microsoft.Extensions.Hosting;

namespace SampleSite.Operating;

/// <summary>Where the site finds its <c>appsettings.json</c> and its default <c>content/</c> folder.</summary>
internal static class SampleSiteContentRoot
{
    private const string Settings = "appsettings.json";

    /// <summary>
    /// The current folder, as ASP.NET Core does by default, when it holds the site's settings (<c>dotnet run</c>, a
    /// publish folder) or when a content root is given (<c>--contentRoot</c>, <c>ASPNETCORE_CONTENTROOT</c>); otherwise
    /// the folder of the app itself, so that <c>dotnet path/to/SampleSite.dll</c> started from anywhere finds its
    /// settings and content beside the dll. <see langword="null"/> keeps the platform's choice.
    /// </summary>
    public static string? Choose(string[] args)
    {
        var given = new ConfigurationBuilder()
            .AddEnvironmentVariables("DOTNET_")
            .AddEnvironmentVariables("ASPNETCORE_")
            .AddCommandLine(args)
            .Build()[HostDefaults.ContentRootKey];
        if (!string.IsNullOrEmpty(given) || File.Exists(Path.Combine(Directory.GetCurrentDirectory(), Settings)))
        {
            return null;
        }

        var app = AppContext.BaseDirectory;
        return File.Exists(Path.Combine(app, Settings)) ? app : null;
    }
}
