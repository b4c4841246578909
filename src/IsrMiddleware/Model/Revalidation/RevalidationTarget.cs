namespace IsrMiddleware;

/// <summary>One thing to revalidate: a path, a tag, a path prefix (<c>/docs/guides/</c>), or a route's declared set.</summary>
public sealed record RevalidationTarget
{
    private RevalidationTarget(RevalidationTargetKind kind, string value)
    {
        Kind = kind;
        Value = value;
    }

    /// <summary>What <see cref="Value"/> names.</summary>
    public RevalidationTargetKind Kind { get; }

    /// <summary>The path, tag, prefix or route pattern.</summary>
    public string Value { get; }

    /// <summary>The page at a path (for example <c>/blog/hello-world</c>).</summary>
    public static RevalidationTarget Path(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        return new(RevalidationTargetKind.Path, path);
    }

    /// <summary>Every stored page carrying a tag, whether declared by its route or added while rendering.</summary>
    public static RevalidationTarget Tag(string tag)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(tag);
        return new(RevalidationTargetKind.Tag, tag);
    }

    /// <summary>
    /// Every stored or declared page whose key (the canonical path, percent-encoded) starts with <paramref name="prefix"/>,
    /// compared ordinally: <c>/docs/guides/</c> reaches <c>/docs/guides/setup</c> but not <c>/docs/guides</c>.
    /// </summary>
    /// <exception cref="ArgumentException">The prefix does not start with <c>/</c>.</exception>
    public static RevalidationTarget Prefix(string prefix)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(prefix);
        if (!prefix.StartsWith('/'))
        {
            throw new ArgumentException($"Prefix '{prefix}' must start with '/'.", nameof(prefix));
        }

        return new(RevalidationTargetKind.Prefix, prefix);
    }

    /// <summary>
    /// The declared set of the static route with this pattern (for example <c>/blog/{slug}</c>, as written where the
    /// route is mapped): its params providers run again on every instance; new params are rendered, and params no
    /// longer declared answer 404 on a <see cref="UnknownParams.NotFound"/> route. The refresh runs in the background.
    /// </summary>
    public static RevalidationTarget Route(string pattern)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(pattern);
        return new(RevalidationTargetKind.Route, pattern);
    }

    /// <summary>For example <c>tag products</c>.</summary>
    public override string ToString() => $"{Kind.ToString().ToLowerInvariant()} {Value}";
}
