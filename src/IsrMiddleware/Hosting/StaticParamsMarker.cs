namespace IsrMiddleware.Hosting;

/// <summary>Registered once by <c>AddStaticParams</c>, so that calling it again registers nothing twice.</summary>
internal sealed class StaticParamsMarker;
