using System.Reflection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Engine;

/// <summary>
/// The identity of the app's code: <see cref="StaticParamsOptions.BuildId"/> when set, else the module version id of
/// the app's assembly (filled into the options at start), which a deterministic compiler changes with any change to
/// the code or its Razor views.
/// </summary>
internal sealed class BuildIdentity
{
    public BuildIdentity(IOptions<StaticParamsOptions> options, IHostEnvironment environment)
    {
        Id = options.Value.BuildId is { Length: > 0 } configured ? configured : Of(AppAssembly(environment));
    }

    public string Id { get; }

    /// <summary>The build id of an assembly: its module version id.</summary>
    public static string Of(Assembly assembly)
    {
        ArgumentNullException.ThrowIfNull(assembly);
        return assembly.ManifestModule.ModuleVersionId.ToString("N");
    }

    /// <summary>The app's assembly: the one the host names, else the entry assembly.</summary>
    public static Assembly AppAssembly(IHostEnvironment environment)
    {
        if (!string.IsNullOrEmpty(environment.ApplicationName))
        {
            try
            {
                return Assembly.Load(new AssemblyName(environment.ApplicationName));
            }
            catch (Exception ex) when (ex is FileNotFoundException or FileLoadException or BadImageFormatException)
            {
            }
        }

        return Assembly.GetEntryAssembly() ?? typeof(BuildIdentity).Assembly;
    }
}
