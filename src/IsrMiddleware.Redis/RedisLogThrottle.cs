namespace IsrMiddleware.Redis;

/// <summary>Lets a recurring error through at most once per interval, counting the ones held back.</summary>
internal sealed class RedisLogThrottle(TimeProvider time, TimeSpan interval)
{
    private readonly object _gate = new();
    private DateTimeOffset _next = DateTimeOffset.MinValue;
    private int _suppressed;

    public bool ShouldLog(out int suppressed)
    {
        lock (_gate)
        {
            var now = time.GetUtcNow();
            if (now < _next)
            {
                _suppressed++;
                suppressed = 0;
                return false;
            }

            _next = now + interval;
            suppressed = _suppressed;
            _suppressed = 0;
            return true;
        }
    }
}
