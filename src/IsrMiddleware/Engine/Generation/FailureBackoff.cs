using System.Collections.Concurrent;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Engine;

/// <summary>
/// After a failed regeneration, the page is served stale and not regenerated again until a backoff passes, doubling
/// with each consecutive failure: a failing backend sees a bounded, decreasing rate of attempts.
/// </summary>
internal sealed class FailureBackoff(IOptions<StaticParamsOptions> options, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, (int Failures, DateTimeOffset NextAttempt)> _failures = new(StringComparer.Ordinal);

    public bool CanAttempt(string key) =>
        !_failures.TryGetValue(key, out var state) || time.GetUtcNow() >= state.NextAttempt;

    public TimeSpan RecordFailure(string key)
    {
        var state = _failures.AddOrUpdate(
            key,
            _ => (1, time.GetUtcNow() + Delay(1)),
            (_, previous) => (previous.Failures + 1, time.GetUtcNow() + Delay(previous.Failures + 1)));
        return state.NextAttempt - time.GetUtcNow();
    }

    public void RecordSuccess(string key) => _failures.TryRemove(key, out _);

    private TimeSpan Delay(int failures)
    {
        var settings = options.Value;
        var factor = Math.Pow(2, Math.Min(failures - 1, 30));
        var delay = TimeSpan.FromTicks((long)Math.Min(settings.RegenerationBackoff.Ticks * factor, settings.MaxRegenerationBackoff.Ticks));
        return delay;
    }
}
