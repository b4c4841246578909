using System.Buffers;

namespace IsrMiddleware.Model;

/// <summary>
/// An array rented from the shared pool for the body of one response, given back once when the response is written.
/// A lease never given back is only garbage: the pool does not need its arrays returned.
/// </summary>
internal sealed class PooledBytes : IDisposable
{
    private byte[]? _array;
    private readonly int _prefixLength;

    /// <param name="length">The bytes the lease is for.</param>
    /// <param name="prefixLength">Room for bytes read in the same call just before them (a file header to check).</param>
    public PooledBytes(int length, int prefixLength = 0)
    {
        _array = ArrayPool<byte>.Shared.Rent(prefixLength + length);
        _prefixLength = prefixLength;
        Length = length;
    }

    public int Length { get; }

    /// <summary>The rented bytes, exactly <see cref="Length"/> long.</summary>
    public Memory<byte> Memory => Array.AsMemory(_prefixLength, Length);

    /// <summary>The prefix and the bytes together, to be filled by one read.</summary>
    public Span<byte> WithPrefix => Array.AsSpan(0, _prefixLength + Length);

    private byte[] Array => _array ?? throw new ObjectDisposedException(nameof(PooledBytes));

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
