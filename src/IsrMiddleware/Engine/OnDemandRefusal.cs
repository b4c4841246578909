namespace IsrMiddleware.Engine;

/// <summary>Why a render of params no provider declared may not start now.</summary>
internal enum OnDemandRefusal
{
    /// <summary>It may start.</summary>
    None,

    /// <summary><see cref="StaticParamsOptions.MaxConcurrentOnDemandRenders"/> are running: the server is busy (503).</summary>
    Busy,

    /// <summary>The client started <see cref="StaticParamsOptions.OnDemandRendersPerClientPerMinute"/> this minute (429).</summary>
    ClientRate,
}
