using System.Threading.Channels;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Engine;

namespace IsrMiddleware.Edge;

/// <summary>
/// Where the cache reports what changed for the edge. Never blocks: a change is queued for
/// <see cref="EdgeInvalidationDispatcher"/>, or dropped (counted and logged) when the queue is full.
/// </summary>
internal sealed class EdgeInvalidationQueue : IPageEvents
{
    private readonly Channel<EdgeChange> _channel;
    private readonly int _capacity;
    private readonly EdgeMetrics _metrics;
    private readonly LogThrottle _dropLog;
    private readonly ILogger<EdgeInvalidationQueue> _logger;

    public EdgeInvalidationQueue(IOptions<StaticParamsOptions> options, EdgeMetrics metrics, TimeProvider time, ILogger<EdgeInvalidationQueue> logger)
    {
        _capacity = options.Value.Edge.MaxQueuedChanges;
        _channel = Channel.CreateBounded<EdgeChange>(new BoundedChannelOptions(_capacity)
        {
            FullMode = BoundedChannelFullMode.Wait,
            SingleReader = true,
        });
        _metrics = metrics;
        _dropLog = new LogThrottle(time, TimeSpan.FromSeconds(30));
        _logger = logger;
    }

    internal ChannelReader<EdgeChange> Reader => _channel.Reader;

    /// <summary>
    /// The page stored for a key went from <paramref name="previous"/> to <paramref name="current"/> (null: none). Nothing
    /// is sent when nothing was stored before or after (a 404 for unknown params), or when the new version is
    /// byte-identical to the previous one (same strong ETag).
    /// </summary>
    public void PageChanged(string key, StoredPage? previous, StoredPage? current)
    {
        if (previous?.ETag == current?.ETag)
        {
            return;
        }

        Enqueue(new EdgeChange([key], []));
    }

    /// <summary>On-demand revalidation of pages (canonical keys) and tags.</summary>
    public void Invalidated(IReadOnlyList<string> paths, IReadOnlyList<string> tags)
    {
        if (paths.Count > 0 || tags.Count > 0)
        {
            Enqueue(new EdgeChange(paths, tags));
        }
    }

    private void Enqueue(EdgeChange change)
    {
        if (_channel.Writer.TryWrite(change))
        {
            return;
        }

        _metrics.Dropped();
        if (_dropLog.ShouldLog(out var suppressed))
        {
            EdgeLog.ChangeDropped(_logger, _capacity, suppressed);
        }
    }
}
