namespace IsrMiddleware;

/// <summary>Names used by the revalidation-secret authentication scheme.</summary>
public static class RevalidationSecretDefaults
{
    /// <summary>The scheme's default name: <c>RevalidationSecret</c>.</summary>
    public const string AuthenticationScheme = "RevalidationSecret";
}
