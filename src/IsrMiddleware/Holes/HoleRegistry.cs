namespace IsrMiddleware.Holes;

/// <summary>The names of the registered holes.</summary>
internal sealed class HoleRegistry(IEnumerable<HoleRegistration> registrations)
{
    private readonly HashSet<string> _names = registrations.Select(registration => registration.Name).ToHashSet(StringComparer.Ordinal);

    public bool Contains(string name) => _names.Contains(name);

    /// <summary>Throws, naming the hole, when a page uses a hole that no <c>AddHole</c> registered.</summary>
    public void Require(string? name)
    {
        if (name is null || !_names.Contains(name))
        {
            throw new InvalidOperationException(
                $"No hole named '{name}' is registered: call AddHole(\"{name}\", ...) on the builder AddStaticParams returns.");
        }
    }
}
