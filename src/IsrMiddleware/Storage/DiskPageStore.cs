using System.Security.Cryptography;
using System.Text;
using IsrMiddleware.Diagnostics;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Storage;

/// <summary>
/// The disk tier: one file per page, named from a hash of its key (never from params), written to a temporary
/// file in the same folder and renamed over the old one, so a reader sees the old version or the new, never a mix.
/// </summary>
internal sealed class DiskPageStore : IPageStore, IPageIndex
{
    private const string Extension = ".page";
    private const string TemporaryExtension = ".tmp";

    private readonly string _root;
    private readonly ILogger<DiskPageStore> _logger;
    private readonly SemaphoreSlim[] _stripes = Enumerable.Range(0, 64).Select(_ => new SemaphoreSlim(1, 1)).ToArray();
    private readonly DiskPageIndex _index;
    private readonly VerifiedPageFiles _verified = new();

    public DiskPageStore(IOptions<StaticParamsOptions> options, ILogger<DiskPageStore> logger)
    {
        _root = Path.Combine(options.Value.CacheDirectory!, "pages");
        _logger = logger;
        _index = new DiskPageIndex(_root, Extension);
    }

    public string Root => _root;

    public async ValueTask<StoredPage?> GetAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        byte[] bytes;
        try
        {
            bytes = await File.ReadAllBytesAsync(path, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
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
            TryDelete(path);
            _index.Remove(key);
            return null;
        }

        if (!string.Equals(page.Key, key, StringComparison.Ordinal))
        {
            return null;
        }

        _verified.Remember(page, bytes.Length);
        return page;
    }

    public async ValueTask<bool> SetAsync(StoredPage page, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(page);
        var path = PathFor(page.Key);
        var stripe = StripeFor(path);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            if (await _index.GetAsync(page.Key, cancellationToken).ConfigureAwait(false) is { } stored && stored.GeneratedAt > page.GeneratedAt)
            {
                return false;
            }

            Directory.CreateDirectory(Path.GetDirectoryName(path)!);
            var temporary = path + "." + Guid.NewGuid().ToString("N") + TemporaryExtension;
            try
            {
                var bytes = PageFileFormat.Serialize(page);
                await using (var stream = new FileStream(temporary, FileMode.CreateNew, FileAccess.Write, FileShare.None, 1, FileOptions.Asynchronous))
                {
                    await stream.WriteAsync(bytes, cancellationToken).ConfigureAwait(false);
                    stream.Flush(flushToDisk: true);
                }

                _verified.Forget(page.Key);
                File.Move(temporary, path, overwrite: true);
                _index.Set(page);
                _verified.Remember(page, bytes.Length);
            }
            catch
            {
                TryDelete(temporary);
                throw;
            }

            return true;
        }
        finally
        {
            stripe.Release();
        }
    }

    public async ValueTask RemoveAsync(string key, CancellationToken cancellationToken)
    {
        var path = PathFor(key);
        var stripe = StripeFor(path);
        await stripe.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            _verified.Forget(key);
            TryDelete(path);
            _index.Remove(key);
        }
        finally
        {
            stripe.Release();
        }
    }

    public ValueTask<IReadOnlyList<string>> GetKeysByTagAsync(string tag, CancellationToken cancellationToken) =>
        _index.GetKeysAsync(tag, cancellationToken);

    public ValueTask<IReadOnlyCollection<PageInfo>> GetAllAsync(CancellationToken cancellationToken) => _index.GetAllAsync(cancellationToken);

    public ValueTask<PageInfo?> GetInfoAsync(string key, CancellationToken cancellationToken) => _index.GetAsync(key, cancellationToken);

    /// <summary>Deletes temporary files left by a process that stopped in the middle of a write.</summary>
    public int DeleteTemporaryFiles()
    {
        if (!Directory.Exists(_root))
        {
            return 0;
        }

        var count = 0;
        foreach (var file in Directory.EnumerateFiles(_root, "*" + TemporaryExtension, SearchOption.AllDirectories))
        {
            if (TryDelete(file))
            {
                count++;
            }
        }

        return count;
    }

    internal string PathFor(string key)
    {
        var hash = Convert.ToHexStringLower(SHA256.HashData(Encoding.UTF8.GetBytes(key)));
        return Path.Combine(_root, hash[..2], hash + Extension);
    }

    private SemaphoreSlim StripeFor(string path) => _stripes[(uint)StringComparer.Ordinal.GetHashCode(path) % (uint)_stripes.Length];

    private static bool TryDelete(string path)
    {
        try
        {
            File.Delete(path);
            return true;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return false;
        }
    }
}
