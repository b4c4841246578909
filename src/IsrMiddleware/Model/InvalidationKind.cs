namespace IsrMiddleware;

/// <summary>What an <see cref="Invalidation"/> concerns.</summary>
public enum InvalidationKind
{
    /// <summary>One page, by its key.</summary>
    Path,

    /// <summary>Every page carrying a tag.</summary>
    Tag,

    /// <summary>Every page whose key starts with the target (compared ordinally), stored then or created since.</summary>
    Prefix,
}
