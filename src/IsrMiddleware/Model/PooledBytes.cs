using System.Buffers;

namespace IsrMiddleware.Model;

/// <summary>
/// An array rented from the shared pool for the body of one response, given back once when the response is written.
/// A lease never given back is only garbage: the pool does not need its arrays returned.
/// </summary>
internal sealed class PooledBytes : IDisposable
{
    private byte[]? _array;

    public PooledBytes(int length)
    {
        _array = ArrayPool<byte>.Shared.Rent(length);
        Length = length;
    }

    public int Length { get; }

    /// <summary>The rented bytes, exactly <see cref="Length"/> long.</summary>
    public Memory<byte> Memory => (_array ?? throw new ObjectDisposedException(nameof(PooledBytes))).AsMemory(0, Length);

    public void Dispose()
    {
        if (Interlocked.Exchange(ref _array, null) is { } array)
        {
            ArrayPool<byte>.Shared.Return(array);
        }
    }
}
