namespace IsrMiddleware.Holes;

/// <summary>One <c>AddHole</c> call: the name its renderer is registered under (a keyed <see cref="IHoleRenderer"/>).</summary>
internal sealed record HoleRegistration(string Name);
