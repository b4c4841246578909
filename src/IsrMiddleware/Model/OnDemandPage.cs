namespace IsrMiddleware;

/// <summary>One page created on demand, as an <see cref="IOnDemandPageLedger"/> counts it.</summary>
/// <param name="Key">The page key.</param>
/// <param name="Version">The stored version; an evicted page is removed only up to this version, never a newer one.</param>
/// <param name="Bytes">The bytes of the body and its compressed variants, counted against <see cref="StaticParamsOptions.MaxOnDemandBytes"/>.</param>
public sealed record OnDemandPage(string Key, long Version, long Bytes);
