using Microsoft.AspNetCore.Hosting;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.Configuration.Json;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;

namespace IsrMiddleware.Export;

/// <summary>
/// An export runs in Production unless its environment is chosen for it: <c>--environment</c> on the command line,
/// or <c>ASPNETCORE_ENVIRONMENT</c> / <c>DOTNET_ENVIRONMENT</c> set outside a launch profile. The environment a
/// <c>dotnet run</c> launch profile sets (Development, for the inner loop) is the site's, not the export's.
/// </summary>
internal static class ExportEnvironment
{
    private const string LaunchProfileVariable = "DOTNET_LAUNCH_PROFILE";

    /// <summary>
    /// Switches the registered host environment (and its <c>appsettings.{Environment}.json</c>) to the export's when the
    /// process is an export: the one named by <c>--environment</c> wherever it stands on the command line (the host
    /// misses it after an absolute folder such as <c>/srv/out</c>, which it reads as a switch), else Production unless
    /// a variable outside a launch profile chose one.
    /// </summary>
    public static void Apply(IServiceCollection services, IReadOnlyList<string> commandLine, Func<string, string?> variables)
    {
        if (!ExportCommand.TryParse(commandLine, out var command, out _) || command is null)
        {
            return;
        }

        var target = ChosenOnCommandLine(commandLine);
        if (target is null)
        {
            var fromVariables = !string.IsNullOrEmpty(variables("ASPNETCORE_ENVIRONMENT")) || !string.IsNullOrEmpty(variables("DOTNET_ENVIRONMENT"));
            if (fromVariables && string.IsNullOrEmpty(variables(LaunchProfileVariable)))
            {
                return;
            }

            target = Environments.Production;
        }

        var environments = services
            .Where(descriptor => !descriptor.IsKeyedService && descriptor.ImplementationInstance is IHostEnvironment
                && (descriptor.ServiceType == typeof(IHostEnvironment) || descriptor.ServiceType == typeof(IWebHostEnvironment)))
            .Select(descriptor => (IHostEnvironment)descriptor.ImplementationInstance!)
            .Distinct()
            .ToArray();
        if (environments.Length == 0 || string.Equals(environments[0].EnvironmentName, target, StringComparison.OrdinalIgnoreCase))
        {
            return;
        }

        var previous = environments[0].EnvironmentName;
        foreach (var environment in environments)
        {
            environment.EnvironmentName = target;
        }

        SwapSettingsFile(services, previous, target);
    }

    /// <summary>The value of <c>--environment</c> (or <c>-environment</c>, <c>/environment</c>, with <c>=</c> or a space), if given.</summary>
    private static string? ChosenOnCommandLine(IReadOnlyList<string> commandLine)
    {
        for (var i = 0; i < commandLine.Count; i++)
        {
            var argument = commandLine[i];
            if (!argument.StartsWith('-') && !argument.StartsWith('/'))
            {
                continue;
            }

            var name = argument.TrimStart('-', '/');
            if (name.StartsWith("environment=", StringComparison.OrdinalIgnoreCase) && name.Length > "environment=".Length)
            {
                return name["environment=".Length..];
            }

            if (string.Equals(name, "environment", StringComparison.OrdinalIgnoreCase) && i + 1 < commandLine.Count)
            {
                return commandLine[i + 1];
            }
        }

        return null;
    }

    // appsettings.{previous}.json was read when the builder was created; the export reads its own environment's instead.
    private static void SwapSettingsFile(IServiceCollection services, string previous, string target)
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
                    Path = $"appsettings.{target}.json",
                    Optional = true,
                    ReloadOnChange = json.ReloadOnChange,
                };
            }
        }
    }
}
