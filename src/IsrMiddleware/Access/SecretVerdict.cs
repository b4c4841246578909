namespace IsrMiddleware.Access;

/// <summary>What <see cref="SecretGuard"/> decided about a request's secret.</summary>
internal enum SecretVerdict
{
    /// <summary>The secret matches.</summary>
    Valid,

    /// <summary>No secret was given: nothing compared, nothing counted.</summary>
    Missing,

    /// <summary>A secret was given and it is wrong: counted against the client's budget.</summary>
    Wrong,

    /// <summary>The client spent its budget of wrong secrets: refused before comparing (429).</summary>
    Limited,
}
