using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IsrMiddleware.Export;

/// <summary>
/// An export runs in Production unless its environment was chosen for it: <c>--environment</c> on the command line,
/// or <c>ASPNETCORE_ENVIRONMENT</c> / <c>DOTNET_ENVIRONMENT</c> set outside a launch profile. The environment a
/// <c>dotnet run</c> launch profile sets (Development, for the inner loop) is the site's, not the export's.
/// </summary>
internal static class ExportEnvironment
{
    private const string LaunchProfileVariable = "DOTNET_LAUNCH_PROFILE";

    /// <summary>Switches the registered host environment (and its <c>appsettings.{Environment}.json</c>) to Production when the process is an export whose environment came from a launch profile or from nowhere.</summary>
    public static void Apply(IServiceCollection services, IReadOnlyList<string> commandLine, Func<string, string?> variables)
    {
        if (!ExportCommand.TryParse(commandLine, out var command, out _) || command is null || ChosenOnCommandLine(commandLine))
        {
            return;
        }

        var fromVariables = !string.IsNullOrEmpty(variables("ASPNETCORE_ENVIRONMENT")) || !string.IsNullOrEmpty(variables("DOTNET_ENVIRONMENT"));
        if (fromVariables && string.IsNullOrEmpty(variables(LaunchProfileVariable)))
        {
            return;
        }

        var environments = services
            .Where(descriptor => !descriptor.IsKeyedService && descriptor.ImplementationInstance is IHostEnvironment
                && (descriptor.ServiceType == typeof(IHostEnvironment) || descriptor.ServiceType == typeof(IWebHostEnvironment)))
            .Select(descriptor => (IHostEnvironment)descriptor.ImplementationInstance!)
            .Distinct()
            .ToArray();
        if (environments.Length == 0 || environments[0].EnvironmentName == Environments.Production)
        {
            return;
        }

        var previous = environments[0].EnvironmentName;
        foreach (var environment in environments)
        {
            environment.EnvironmentName = Environments.Production;
        }

        SwapSettingsFile(services, previous);
    }

    private static bool ChosenOnCommandLine(IReadOnlyList<string> commandLine) =>
        commandLine.Any(argument => argument.TrimStart('-', '/').StartsWith("environment", StringComparison.OrdinalIgnoreCase));

    // appsettings.Development.json was read when the builder was created; the export reads appsettings.Production.json instead.
    private static void SwapSettingsFile(IServiceCollection services, string previous)
    {
        if (services.FirstOrDefault(descriptor => descriptor.ServiceType == typeof(IConfiguration) && descriptor.ImplementationInstance is IConfigurationBuilder)
                ?.ImplementationInstance is not IConfigurationBuilder configuration)
        {
            return;
        }

        var sources = configuration.Sources;
        for (var i = 0; i < sources.Count; i++)
        {
            if (sources[i] is JsonConfigurationSource { Path: { } path } json
                && string.Equals(path, $"appsettings.{previous}.json", StringComparison.OrdinalIgnoreCase))
            {
                sources[i] = new JsonConfigurationSource
                {
                    FileProvider = json.FileProvider,
                    Path = $"appsettings.{Environments.Production}.json",
                    Optional = true,
                    ReloadOnChange = json.ReloadOnChange,
                };
            }
        }
    }
}
