namespace IsrMiddleware.Store;

/// <summary>
/// One stored page in the disk index: 40 bytes, its key's instance (which the declared set shares) the only reference,
/// with its decayed hit count (saturating at 65,535). The route and build are
/// numbers in <see cref="IndexNames"/> and the tags a number in <see cref="TagSets"/>, so pages of one route share them.
/// </summary>
internal readonly record struct PageIndexEntry(
    string Key, long Version, long GeneratedAtTicks, int StoredBytes, int TagSet, ushort Route, ushort Build, byte Flags, ushort Hits = 0)
{
    public const byte DeclaredFlag = 1;
    public const byte BrotliFlag = 2;
    public const byte GzipFlag = 4;

    public bool Declared => (Flags & DeclaredFlag) != 0;
}
