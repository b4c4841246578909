namespace IsrMiddleware;

/// <summary>
/// Thrown by an <see cref="IPageStore"/> that cannot be reached to record an invalidation (or to read what a
/// revalidation needs); the inner exception is the store's own error. Nothing is confirmed: retry later (recording an
/// invalidation again is harmless). Serving goes on from the memory tier meanwhile.
/// </summary>
public sealed class PageStoreUnavailableException : Exception
{
    /// <summary>Creates the exception with a default message.</summary>
    public PageStoreUnavailableException()
        : base("The page store cannot be reached.")
    {
    }

    /// <summary>Creates the exception with a message.</summary>
    public PageStoreUnavailableException(string message)
        : base(message)
    {
    }

    /// <summary>Creates the exception with a message and the store's error.</summary>
    public PageStoreUnavailableException(string message, Exception innerException)
        : base(message, innerException)
    {
    }
}
