namespace IsrMiddleware;

/// <summary>
/// Settings a running site needs but an export does not (the revalidation secret of a mapped endpoint): recorded
/// while the app maps its endpoints, checked when the host starts to serve, so a static export runs without them.
/// </summary>
internal sealed class StartupChecks
{
    private readonly List<string> _problems = [];
    private readonly Lock _lock = new();

    public void Add(string problem)
    {
        lock (_lock)
        {
            _problems.Add(problem);
        }
    }

    /// <summary>Throws one exception listing every recorded problem, if any.</summary>
    public void ThrowIfAny()
    {
        lock (_lock)
        {
            if (_problems.Count > 0)
            {
                throw new InvalidOperationException(string.Join(Environment.NewLine, _problems));
            }
        }
    }
}
