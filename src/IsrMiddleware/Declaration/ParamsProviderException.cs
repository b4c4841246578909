namespace IsrMiddleware.Declaration;

/// <summary>A params provider threw or ran past its timeout (as opposed to returning params that do not fit the route).</summary>
internal sealed class ParamsProviderException(string message, Exception innerException) : InvalidOperationException(message, innerException);
