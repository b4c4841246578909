namespace IsrMiddleware;

/// <summary>One page reached by an on-demand revalidation.</summary>
/// <param name="Path">The page key (canonical path).</param>
/// <param name="Outcome">What was done to it.</param>
public sealed record PageRevalidation(string Path, RevalidationOutcome Outcome);
