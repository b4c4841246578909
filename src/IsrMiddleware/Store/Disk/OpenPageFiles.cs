using System.Buffers;
using System.Collections.Concurrent;
using Microsoft.Win32.SafeHandles;
using IsrMiddleware.Model;

namespace IsrMiddleware.Store;

/// <summary>
/// Read handles of recently read page files, kept open: opening a file costs several times more than reading a
/// small one from the OS page cache. A handle is dropped when its file is replaced or removed (a rename leaves the
/// old handle on the old file). Bounded; all are closed when full.
/// </summary>
internal sealed class OpenPageFiles : IDisposable
{
    private const int Capacity = 256;

    private readonly ConcurrentDictionary<string, SafeFileHandle> _handles = new(StringComparer.Ordinal);
    private int _count;

    // Bumped before every forget: a handle opened before a replace must not be kept after it.
    private long _version;

    /// <summary>Reads a whole file; <see langword="null"/> when it does not exist.</summary>
    public byte[]? Read(string path)
    {
        if (_handles.TryGetValue(path, out var cached))
        {
            try
            {
                return ReadAll(cached);
            }
            catch (ObjectDisposedException)
            {
                // Closed by a concurrent replace: open the file as it is now.
            }
        }

        var version = Interlocked.Read(ref _version);
        SafeFileHandle handle;
        try
        {
            handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
        }
        catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
        {
            return null;
        }

        var bytes = ReadAll(handle);
        Keep(path, handle, version);
        return bytes;
    }

    /// <summary>
    /// Reads <paramref name="length"/> bytes at <paramref name="offset"/> of a file whose first bytes are
    /// <paramref name="header"/>, both through one handle (a file is never changed in place, only replaced), into a
    /// pooled buffer; <see langword="null"/> when the file is missing, shorter, or not the one described.
    /// </summary>
    public PooledBytes? ReadRange(string path, ReadOnlySpan<byte> header, long offset, int length)
    {
        SafeFileHandle handle;
        if (!_handles.TryGetValue(path, out var cached))
        {
            var version = Interlocked.Read(ref _version);
            try
            {
                handle = File.OpenHandle(path, FileMode.Open, FileAccess.Read, FileShare.ReadWrite | FileShare.Delete);
            }
            catch (Exception ex) when (ex is FileNotFoundException or DirectoryNotFoundException)
            {
                return null;
            }

            Keep(path, handle, version);
        }
        else
        {
            handle = cached;
        }

        try
        {
            // The identity body follows the header: both come in one read.
            if (offset == header.Length)
            {
                var both = new PooledBytes(length, header.Length);
                if (TryReadExactly(handle, both.WithPrefix, 0) && both.WithPrefix[..header.Length].SequenceEqual(header))
                {
                    return both;
                }

                both.Dispose();
                return null;
            }

            var start = ArrayPool<byte>.Shared.Rent(header.Length);
            try
            {
                if (!TryReadExactly(handle, start.AsSpan(0, header.Length), 0) || !start.AsSpan(0, header.Length).SequenceEqual(header))
                {
                    return null;
                }
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(start);
            }

            var bytes = new PooledBytes(length);
            if (TryReadExactly(handle, bytes.Memory.Span, offset))
            {
                return bytes;
            }

            bytes.Dispose();
            return null;
        }
        catch (ObjectDisposedException)
        {
            // Closed by a concurrent replace: the caller reads the file as it is now.
            return null;
        }
    }

    /// <summary>Forgets the handle of a file about to be replaced or removed.</summary>
    public void Forget(string path)
    {
        Interlocked.Increment(ref _version);
        if (_handles.TryRemove(path, out var handle))
        {
            Interlocked.Decrement(ref _count);
            handle.Dispose();
        }
    }

    public void Dispose() => CloseAll();

    private void Keep(string path, SafeFileHandle handle, long version)
    {
        if (Interlocked.Increment(ref _count) > Capacity)
        {
            CloseAll();
            Interlocked.Increment(ref _count);
        }

        if (!_handles.TryAdd(path, handle))
        {
            Interlocked.Decrement(ref _count);
            handle.Dispose();
            return;
        }

        // A file replaced or removed while this handle was being opened: the handle may be on the old file.
        if (Interlocked.Read(ref _version) != version && _handles.TryRemove(KeyValuePair.Create(path, handle)))
        {
            Interlocked.Decrement(ref _count);
            handle.Dispose();
        }
    }

    private void CloseAll()
    {
        foreach (var path in _handles.Keys)
        {
            Forget(path);
        }
    }

    private static bool TryReadExactly(SafeFileHandle handle, Span<byte> destination, long offset)
    {
        var read = 0;
        while (read < destination.Length)
        {
            var count = RandomAccess.Read(handle, destination[read..], offset + read);
            if (count == 0)
            {
                return false;
            }

            read += count;
        }

        return true;
    }

    private static byte[] ReadAll(SafeFileHandle handle)
    {
        var length = RandomAccess.GetLength(handle);
        var bytes = GC.AllocateUninitializedArray<byte>(checked((int)length));
        var read = 0;
        while (read < bytes.Length)
        {
            var count = RandomAccess.Read(handle, bytes.AsSpan(read), read);
            if (count == 0)
            {
                return bytes[..read];
            }

            read += count;
        }

        return bytes;
    }
}
