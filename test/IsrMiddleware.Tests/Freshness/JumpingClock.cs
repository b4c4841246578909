using Microsoft.Extensions.Time.Testing;

namespace IsrMiddleware.Tests.Freshness;

/// <summary>
/// The platform's <see cref="FakeTimeProvider"/>, whose wall clock can also jump backwards (as a host's clock does
/// when it is corrected), which the platform's refuses; timers and timestamps stay the fake's.
/// </summary>
internal sealed class JumpingClock : TimeProvider
{
    private readonly FakeTimeProvider _fake = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));
    private long _offsetTicks;

    public override DateTimeOffset GetUtcNow() => _fake.GetUtcNow().AddTicks(Interlocked.Read(ref _offsetTicks));

    public override long GetTimestamp() => _fake.GetTimestamp();

    public override long TimestampFrequency => _fake.TimestampFrequency;

    public override ITimer CreateTimer(TimerCallback callback, object? state, TimeSpan dueTime, TimeSpan period) =>
        _fake.CreateTimer(callback, state, dueTime, period);

    /// <summary>Moves the clock: forwards fires due timers, backwards moves the wall clock only.</summary>
    public void Advance(TimeSpan by)
    {
        if (by >= TimeSpan.Zero)
        {
            _fake.Advance(by);
        }
        else
        {
            Interlocked.Add(ref _offsetTicks, by.Ticks);
        }
    }
}
