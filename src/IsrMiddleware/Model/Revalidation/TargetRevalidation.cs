namespace IsrMiddleware;

/// <summary>What one target of an on-demand revalidation reached.</summary>
/// <param name="Target">The path, tag or prefix.</param>
/// <param name="Pages">The pages it reached and what happened to each (a page reached by several targets of one call
/// is revalidated once and listed under each).</param>
public sealed record TargetRevalidation(RevalidationTarget Target, IReadOnlyList<PageRevalidation> Pages);
