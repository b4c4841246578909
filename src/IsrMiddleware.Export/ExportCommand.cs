namespace IsrMiddleware.Export;

/// <summary>
/// The export command line: <c>export &lt;dir&gt;</c> as the first arguments, then any of <c>--html-extension</c>,
/// <c>--allow-failures</c>, <c>--allow-broken-links</c>, <c>--no-link-check</c>, <c>--no-precompress</c> and <c>--clean</c>. Other
/// arguments are the host's (configuration) and are left alone.
/// </summary>
internal sealed record ExportCommand(string Directory, IReadOnlyList<string> Switches)
{
    public const string Verb = "export";

    /// <summary>Whether the arguments ask for an export; <paramref name="error"/> says what is wrong with them if so.</summary>
    public static bool TryParse(IReadOnlyList<string> args, out ExportCommand? command, out string? error)
    {
        command = null;
        error = null;
        if (args.Count == 0 || args[0] != Verb)
        {
            return false;
        }

        if (args.Count < 2 || string.IsNullOrWhiteSpace(args[1]) || args[1].StartsWith('-'))
        {
            error = "The export command needs a folder: export <dir>";
            return true;
        }

        command = new ExportCommand(args[1], args.Skip(2).ToArray());
        return true;
    }

    public StaticExportOptions Apply(StaticExportOptions configured)
    {
        var options = configured.Clone();
        foreach (var argument in Switches)
        {
            switch (argument)
            {
                case "--html-extension":
                    options.HtmlExtension = true;
                    break;
                case "--allow-failures":
                    options.AllowFailures = true;
                    break;
                case "--allow-broken-links":
                    options.AllowBrokenLinks = true;
                    break;
                case "--no-link-check":
                    options.CheckLinks = false;
                    break;
                case "--no-precompress":
                    options.Precompress = false;
                    break;
                case "--clean":
                    options.CleanDirectory = true;
                    break;
            }
        }

        return options;
    }
}
