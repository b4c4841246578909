using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;

namespace IsrMiddleware.Store;

/// <summary>
/// The metadata of the pages on disk, kept in memory as compact entries (<see cref="PageIndexEntry"/>: names and tag
/// lists shared, no object per page but its key). Loaded on first use from one snapshot plus the journals written
/// since; only when the snapshot is missing or damaged is every page file's header read instead (then a snapshot is
/// written at once). Every write and removal is journaled after the page file changed, so after a crash the index can
/// lag a page file (the file, read whole and checked, is what is served), never run ahead of it.
/// </summary>
internal sealed partial class DiskPageIndex : IDisposable
{
    /// <summary>Numbers reserved at a time: a start after a crash resumes the sequence above the last reservation.</summary>
    private const long ReserveBlock = 4096;

    private const int MinRecordsBeforeSnapshot = 65_536;

    /// <summary>Hits counted, per page held, before every count is halved (the decay: old traffic weighs half as much).</summary>
    private const int HitsPerPageBeforeDecay = 16;

    private const int MinHitsBeforeDecay = 4096;

    private readonly object _gate = new();
    private readonly Dictionary<string, PageIndexEntry> _pages = new(StringComparer.Ordinal);
    private readonly IndexNames _names = new();
    private readonly TagSets _tags = new();
    private readonly string _folder;
    private readonly string _pagesRoot;
    private readonly string _extension;
    private readonly IndexJournal _journal;
    private readonly Lazy<Task> _load;
    private long _highWater;
    private int _journalRecords;
    private int _snapshotting;
    private long _hitsSinceDecay;

    public DiskPageIndex(string folder, string pagesRoot, string extension)
    {
        _folder = folder;
        _pagesRoot = pagesRoot;
        _extension = extension;
        _journal = new IndexJournal(folder, Math.Max(IndexJournal.Generations(folder).DefaultIfEmpty(0).Max(), SnapshotGeneration()) + 1);
        _load = new(() => Task.Run(Load), LazyThreadSafetyMode.ExecutionAndPublication);
    }

    /// <summary>Whether the load has finished: from then on, a key absent here has no file (or one a crash left unjournaled).</summary>
    public bool IsBuilt => _load.IsValueCreated && _load.Value.IsCompletedSuccessfully;

    /// <summary>The highest version loaded, and the sequence's reservation: the sequence resumes above both.</summary>
    public long MaxVersion { get; private set; }

    /// <summary>How the index was loaded (for the log).</summary>
    public string Source { get; private set; } = "";

    /// <summary>Whether the previous process stopped cleanly: the snapshot holds everything and no write was in flight.</summary>
    public bool LoadedCleanly { get; private set; }

    /// <summary>Whether the index was built by reading every page file's header (no usable snapshot).</summary>
    public bool Scanned { get; private set; }

    public Task WhenBuilt => _load.Value;

    public int Count
    {
        get
        {
            lock (_gate)
            {
                return _pages.Count;
            }
        }
    }

    public bool Contains(string key)
    {
        lock (_gate)
        {
            return _pages.ContainsKey(key);
        }
    }

    /// <summary>The index's instance of an equal key, to be shared rather than held twice; the key itself when the index has none.</summary>
    public string Canonical(string key)
    {
        if (!IsBuilt)
        {
            return key;
        }

        lock (_gate)
        {
            return _pages.TryGetValue(key, out var entry) ? entry.Key : key;
        }
    }

    /// <summary>Called before a page file is written: the journal file exists from then on, so a crash during the write is seen at the next start.</summary>
    public void BeginWrite() => _journal.EnsureOpen();

    public void Set(StoredPage page)
    {
        var record = IndexRecord.SetRecord(page);
        lock (_gate)
        {
            _journal.Append(record, flushToDisk: false);
            // A new version keeps the page's traffic.
            var hits = _pages.TryGetValue(page.Key, out var known) ? known.Hits : (ushort)0;
            _pages[page.Key] = new PageIndexEntry(
                page.Key, page.Version, page.GeneratedAt.UtcTicks, (int)Math.Min(page.StoredBytes, int.MaxValue), _tags.Id(page.Tags),
                _names.Id(page.Route), _names.Id(page.BuildId), IndexRecord.Flags(page), hits);
            Journaled();
        }
    }

    public void Remove(string key)
    {
        var record = IndexRecord.RemoveRecord(key);
        lock (_gate)
        {
            if (_pages.Remove(key))
            {
                _journal.Append(record, flushToDisk: false);
                Journaled();
            }
        }
    }

    /// <summary>
    /// Makes sure a restart after a crash resumes the sequence above <paramref name="number"/>: past the reserved mark,
    /// the next block is reserved durably before the number is handed out.
    /// </summary>
    public void Reserve(long number)
    {
        if (number <= Interlocked.Read(ref _highWater))
        {
            return;
        }

        lock (_gate)
        {
            if (number > _highWater)
            {
                var upTo = number + ReserveBlock;
                try
                {
                    _journal.Append(IndexRecord.ReserveRecord(upTo), flushToDisk: true);
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // An unwritable cache folder stores no page either: the numbers still order this process's renders.
                }

                Interlocked.Exchange(ref _highWater, upTo);
            }
        }
    }

    /// <summary>Counts a hit on a stored page; past as many hits as the pages held times 16, every count is halved.</summary>
    public void CountHit(string key)
    {
        lock (_gate)
        {
            ref var entry = ref CollectionsMarshal.GetValueRefOrNullRef(_pages, key);
            if (Unsafe.IsNullRef(ref entry))
            {
                return;
            }

            if (entry.Hits < ushort.MaxValue)
            {
                entry = entry with { Hits = (ushort)(entry.Hits + 1) };
            }

            if (++_hitsSinceDecay >= Math.Max(MinHitsBeforeDecay, (long)_pages.Count * HitsPerPageBeforeDecay))
            {
                _hitsSinceDecay = 0;
                foreach (var stored in _pages.Keys)
                {
                    ref var each = ref CollectionsMarshal.GetValueRefOrNullRef(_pages, stored);
                    each = each with { Hits = (ushort)(each.Hits / 2) };
                }
            }
        }
    }

    /// <summary>A stored page's decayed hit count (0 when it is not stored).</summary>
    public int HitsOf(string key)
    {
        if (!IsBuilt)
        {
            return 0;
        }

        lock (_gate)
        {
            return _pages.TryGetValue(key, out var entry) ? entry.Hits : 0;
        }
    }

    public async ValueTask<PageMetadata?> GetAsync(string key, CancellationToken cancellationToken)
    {
        await _load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _pages.TryGetValue(key, out var entry) ? ToMetadata(key, entry) : null;
        }
    }

    /// <summary>The version stored for a key, or <see langword="null"/>.</summary>
    public async ValueTask<long?> GetVersionAsync(string key, CancellationToken cancellationToken)
    {
        await _load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            return _pages.TryGetValue(key, out var entry) ? entry.Version : null;
        }
    }

    /// <summary>Every page's metadata: the entries are copied now, each <see cref="PageMetadata"/> made as it is enumerated.</summary>
    public async ValueTask<IReadOnlyCollection<PageMetadata>> GetAllAsync(CancellationToken cancellationToken)
    {
        await _load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        lock (_gate)
        {
            var entries = new (string, PageIndexEntry)[_pages.Count];
            var i = 0;
            foreach (var (key, entry) in _pages)
            {
                entries[i++] = (key, entry);
            }

            return new IndexedMetadata(entries, _names.ToArray(), _tags.ToArray());
        }
    }

    public async ValueTask<IReadOnlyList<string>> GetKeysWithPrefixAsync(string prefix, CancellationToken cancellationToken)
    {
        await _load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        lock (_gate)
        {
            foreach (var key in _pages.Keys)
            {
                if (key.StartsWith(prefix, StringComparison.Ordinal))
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    public async ValueTask<IReadOnlyList<string>> GetKeysAsync(string tag, CancellationToken cancellationToken)
    {
        await _load.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var keys = new List<string>();
        lock (_gate)
        {
            var holding = _tags.Holding(tag);
            foreach (var (key, entry) in _pages)
            {
                if (holding[entry.TagSet])
                {
                    keys.Add(key);
                }
            }
        }

        return keys;
    }

    /// <summary>
    /// Whether an invalidation can still concern a stored page: one of its pages (the path's, or one carrying the tag)
    /// has a version no newer than the record. Built once from the index as it is now; after a crash every record may
    /// (a page written just before it may be missing here), as may every prefix record.
    /// </summary>
    public Func<Invalidation, bool> ConcernTest()
    {
        if (!LoadedCleanly && !Scanned)
        {
            return _ => true;
        }

        var oldestByTag = new Dictionary<string, long>(StringComparer.Ordinal);
        var paths = new Dictionary<string, long>(StringComparer.Ordinal);
        lock (_gate)
        {
            var sets = _tags.ToArray();
            var oldestBySet = new long[sets.Length];
            Array.Fill(oldestBySet, long.MaxValue);
            foreach (var (key, entry) in _pages)
            {
                oldestBySet[entry.TagSet] = Math.Min(oldestBySet[entry.TagSet], entry.Version);
            }

            for (var s = 1; s < sets.Length; s++)
            {
                foreach (var tag in sets[s])
                {
                    oldestByTag[tag] = Math.Min(oldestByTag.GetValueOrDefault(tag, long.MaxValue), oldestBySet[s]);
                }
            }
        }

        return record => record.Kind switch
        {
            InvalidationKind.Path => GetVersion(record.Target) is { } version && version <= record.Version,
            InvalidationKind.Tag => oldestByTag.TryGetValue(record.Target, out var oldest) && oldest <= record.Version,
            _ => true,
        };
    }

    public void Dispose() => _journal.Dispose();

    private long? GetVersion(string key)
    {
        lock (_gate)
        {
            return _pages.TryGetValue(key, out var entry) ? entry.Version : null;
        }
    }

    private PageMetadata ToMetadata(string key, PageIndexEntry entry) =>
        IndexedMetadata.Create(key, entry, _names.Name(entry.Route), _names.Name(entry.Build), _tags.Tags(entry.TagSet));

    /// <summary>Counts a journal record; past as many records as entries (and a floor), a snapshot is written in the background.</summary>
    private void Journaled()
    {
        if (++_journalRecords > Math.Max(MinRecordsBeforeSnapshot, _pages.Count) && Interlocked.Exchange(ref _snapshotting, 1) == 0)
        {
            _ = Task.Run(() =>
            {
                try
                {
                    WriteSnapshot();
                }
                catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
                {
                    // The journal keeps everything meanwhile; the next attempt comes with the next records.
                }
                finally
                {
                    Interlocked.Exchange(ref _snapshotting, 0);
                }
            });
        }
    }

    private static void Raise(ref long field, long value)
    {
        long current;
        do
        {
            current = Interlocked.Read(ref field);
        }
        while (value > current && Interlocked.CompareExchange(ref field, value, current) != current);
    }
}
