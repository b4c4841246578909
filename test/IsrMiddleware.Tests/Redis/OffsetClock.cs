namespace IsrMiddleware.Tests.Redis;

/// <summary>The system clock moved by a fixed offset: an instance whose host clock is wrong by hours.</summary>
internal sealed class OffsetClock(TimeSpan offset) : TimeProvider
{
    public override DateTimeOffset GetUtcNow() => System.GetUtcNow() + offset;
}
