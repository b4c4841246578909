using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Text;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Store;

/// <summary>
/// The disk tier: one file per page, named from a hash of its key (never from params), written to a temporary
/// file in the same folder and renamed over the old one, so a reader sees the old version or the new, never a mix.
/// </summary>
internal sealed class DiskPageStore : IPageStore, IPageKeyPool, IPageTraffic, IDisposable
{
    private const string Extension = ".page";
    private const string TemporaryExtension = ".tmp";

    private readonly string _root;
    private readonly ILogger<DiskPageStore> _logger;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly DiskPageIndex _index;
    private readonly VerifiedPageFiles _verified = new();
    private readonly OpenPageFiles _openFiles = new();
    private readonly ConcurrentDictionary<string, byte> _directories = new(StringComparer.Ordinal);
    private readonly InvalidationLog _invalidations;
    private readonly Lazy<Task> _ready;
    private long _sequence;

    public DiskPageStore(IOptions<StaticParamsOptions> options, ILogger<DiskPageStore> logger)
    {
        _root = Path.Combine(options.Value.CacheDirectory!, "pages");
        _logger = logger;
        _index = new DiskPageIndex(Path.Combine(options.Value.CacheDirectory!, "index"), _root, Extension);
        _invalidations = new InvalidationLog(Path.Combine(options.Value.CacheDirectory!, "invalidations.log"));
        _ready = new(InitializeAsync, LazyThreadSafetyMode.ExecutionAndPublication);
    }

    public ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken) => new(Read(key));

    public ValueTask<StoredPage?> GetAsync(string key, AcceptedEncodings accepted, long wholeUpTo, CancellationToken cancellationToken) =>
        new(ReadRepresentation(key, accepted, wholeUpTo) ?? Read(key));

    /// <summary>
    /// One representation of a file this process verified, read straight from its range (no whole-file array), when the
    /// caller will not keep the page; <see langword="null"/> sends the caller to the whole read, which checks the file.
    /// </summary>
    private StoredPage? ReadRepresentation(string key, AcceptedEncodings accepted, long wholeUpTo)
    {
        // A removed or replaced page is forgotten here first; a file gone meanwhile fails the read.
        if (!_verified.TryGet(key, out var file) || file.StoredBytes <= wholeUpTo)
        {
            return null;
        }

        var encoding = accepted.Choose(file.BrotliLength > 0, file.GzipLength > 0);
        var bytes = _openFiles.ReadRange(file.Path, file.Header, file.OffsetOf(encoding), file.LengthOf(encoding));
        return bytes is null ? null : file.WithOnly(encoding, bytes);
    }

    private StoredPage? Read(string key)
    {
        // Once the index is built every file of the folder is in it: a key it lacks costs no file system call.
        if (_index.IsBuilt && !_index.Contains(key))
        {
            return null;
        }

        var path = PathFor(key);
        var bytes = _openFiles.Read(path);
        if (bytes is null)
        {
            DropUnlessReplaced(key, path, corrupt: false);
            return null;
        }

        if (_verified.TryRebuild(key, bytes) is { } known)
        {
            return known;
        }

        var page = PageFileFormat.Deserialize(bytes);
        if (page is null)
        {
            StorageLog.CorruptPageFile(_logger, path);
            DropUnlessReplaced(key, path, corrupt: true);
            return null;
        }

        if (!string.Equals(page.Key, key, StringComparison.Ordinal))
        {
            return null;
        }

        _verified.Remember(page, bytes, path);
        return page;
    }

    /// <summary>
    /// Forgets a page whose file was missing or corrupt, under the key's lock and only if the file is still so: a
    /// write that renamed a new version in meanwhile keeps its file and its index entry.
    /// </summary>
    private void DropUnlessReplaced(string key, string path, bool corrupt)
    {
        var stripe = StripeFor(path);
        stripe.Wait();
        try
        {
            _openFiles.Forget(path);
            var bytes = _openFiles.Read(path);
            if (bytes is not null && (!corrupt || PageFileFormat.Deserialize(bytes) is not null))
            {
                return;
            }

            _openFiles.Forget(path);
            if (bytes is not null)
            {
                FileDeletion.TryDelete(path);
            }

            _verified.Forget(key);
            _index.Remove(key);
        }
        finally
        {
            stripe.Release();
        }
    }

    public async ValueTask<bool> SetAsync(StoredPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = PathFor(page.Key);
        var stripe = StripeFor(path);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _index.GetVersionAsync(page.Key, cancellationToken).ConfigureAwait(false) is { } stored && stored > page.Version
                && StoredVersion(path) == stored)
            {
                return false;
            }

            _index.BeginWrite();
            EnsureDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + TemporaryExtension;
            try
            {
                var bytes = PageFileFormat.Serialize(page);

                // A small write into the page cache: done synchronously, no thread-pool hop. No fsync: the rename is
                // atomic for a crashed process, and a file torn by a power loss fails its checksum and is rendered
                // again; syncing every page cost ~1 ms each, most of a pre-render's time.
                using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, bufferSize: 0))
                {
                    stream.Write(bytes);
                }

                _verified.Forget(page.Key);
                File.Move(temporary, path, overwrite: true);

                // After the rename: a handle kept open on the old file (even by a read racing this write) goes.
                _openFiles.Forget(path);
                _index.Set(page);
                _verified.Remember(page, bytes, path);
            }
            catch
            {
                FileDeletion.TryDelete(temporary);
                throw;
            }

            return true;
        }
        finally
        {
            stripe.Release();
        }
    }

    /// <summary>The version a page file's header names, or <see langword="null"/> when the file is missing or its header unreadable.</summary>
    private static long? StoredVersion(string path)
    {
        try
        {
            using var stream = new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete, 4096);
            return PageFileFormat.ReadHeader(stream)?.Version;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    public async ValueTask RemoveAsync(string key, long upToVersion, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        var stripe = StripeFor(path);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _index.GetVersionAsync(key, cancellationToken).ConfigureAwait(false) > upToVersion)
            {
                return;
            }

            _verified.Forget(key);
            FileDeletion.TryDelete(path);
            _openFiles.Forget(path);
            _index.Remove(key);
        }
        finally
        {
            stripe.Release();
        }
    }

    public string Canonical(string key) => _index.Canonical(key);

    public void CountHit(string key) => _index.CountHit(key);

    public int HitsOf(string key) => _index.HitsOf(key);

    /// <summary>The counts live in the index, with the pages (kept across restarts, decayed as more hits come).</summary>
    public ValueTask LoadHitsAsync(CancellationToken cancellationToken) => ValueTask.CompletedTask;

    public ValueTask<IReadOnlyList<string>> GetKeysWithPrefixAsync(string prefix, CancellationToken cancellationToken) =>
        _index.GetKeysWithPrefixAsync(prefix, cancellationToken);

    public ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken) =>
        _index.GetKeysAsync(tag, cancellationToken);

    public ValueTask<IReadOnlyCollection<PageMetadata>> GetAllMetadataAsync(CancellationToken cancellationToken) => _index.GetAllAsync(cancellationToken);

    public ValueTask<PageMetadata?> GetMetadataAsync(string key, CancellationToken cancellationToken) => _index.GetAsync(key, cancellationToken);

    public async ValueTask<long> NextVersionAsync(CancellationToken cancellationToken)
    {
        await _ready.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        var next = Interlocked.Increment(ref _sequence);
        _index.Reserve(next);
        return next;
    }

    public async ValueTask<Invalidation> RecordInvalidationAsync(InvalidationKind kind, string target, DateTimeOffset recordedAt, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        var record = new Invalidation(kind, target, await NextVersionAsync(cancellationToken).ConfigureAwait(false), recordedAt);
        _invalidations.Append(record);
        return record;
    }

    public async ValueTask<IReadOnlyCollection<Invalidation>> GetInvalidationsAsync(CancellationToken cancellationToken)
    {
        await _ready.Value.WaitAsync(cancellationToken).ConfigureAwait(false);
        return _invalidations.GetLatest();
    }

    /// <summary>
    /// Loads the index (its snapshot, or a scan of the page headers), cleans what a process that did not stop cleanly
    /// left (temporary files) and reads the invalidation log; the sequence resumes above every version found in either.
    /// </summary>
    private async Task InitializeAsync()
    {
        await _index.WhenBuilt.ConfigureAwait(false);
        StorageLog.IndexLoaded(_logger, _index.Count, _index.Source);
        if (!_index.LoadedCleanly && DeleteTemporaryFiles() is > 0 and var count)
        {
            StorageLog.TemporaryFilesDeleted(_logger, count);
        }

        var concerns = _index.ConcernTest();
        var logged = await Task.Run(() => _invalidations.Load(concerns)).ConfigureAwait(false);
        Interlocked.Exchange(ref _sequence, Math.Max(_index.MaxVersion, logged));
    }

    /// <summary>Deletes temporary files left by a process that stopped in the middle of a write.</summary>
    private int DeleteTemporaryFiles()
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(_root, "*" + TemporaryExtension, SearchOption.AllDirectories))
        {
            if (FileDeletion.TryDelete(file))
            {
                count++;
            }
        }

        return count;
    }

    /// <summary>Closes the open page files and, when the index is loaded, writes its snapshot so the next start reads only that.</summary>
    public void Dispose()
    {
        _openFiles.Dispose();
        if (_index.IsBuilt)
        {
            try
            {
                _index.WriteSnapshotOnStop();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                StorageLog.IndexSnapshotFailed(_logger, ex);
            }
        }

        _index.Dispose();
    }

    private void EnsureDirectory(string directory)
    {
        if (!_directories.ContainsKey(directory))
        {
            Directory.CreateDirectory(directory);
            _directories.TryAdd(directory, 0);
        }
    }

    internal string PathFor(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(_root, hash[..2], hash + Extension);
    }

    private SemaphoreSlim StripeFor(string path) => _stripes[(uint)StringComparer.Ordinal.GetHashCode(path) % (uint)_stripes.Length];
}
