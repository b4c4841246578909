namespace IsrMiddleware.Revalidation;

/// <summary>The JSON body the revalidation endpoint accepts: lists and single values may be mixed.</summary>
internal sealed record RevalidateBody(
    string[]? Paths = null,
    string[]? Tags = null,
    string[]? Prefixes = null,
    string? Path = null,
    string? Tag = null,
    string? Prefix = null,
    string[]? Routes = null,
    string? Route = null,
    string? Mode = null,
    bool? OnlyStored = null,
    bool? Confirm = null);
