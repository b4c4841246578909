using System.Collections;

namespace IsrMiddleware.Store;

/// <summary>The disk index's entries copied at one moment, each made into a <see cref="PageMetadata"/> only as it is enumerated.</summary>
internal sealed class IndexedMetadata((string Key, PageIndexEntry Entry)[] entries, string?[] names, string[][] tagSets) : IReadOnlyCollection<PageMetadata>
{
    public int Count => entries.Length;

    public IEnumerator<PageMetadata> GetEnumerator()
    {
        foreach (var (key, entry) in entries)
        {
            yield return Create(key, entry, names[entry.Route], names[entry.Build], tagSets[entry.TagSet]);
        }
    }

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    public static PageMetadata Create(string key, PageIndexEntry entry, string? route, string? build, string[] tags) =>
        new(key, route, entry.Version, build, new DateTimeOffset(entry.GeneratedAtTicks, TimeSpan.Zero), entry.Declared, entry.StoredBytes, tags)
        {
            HasBrotli = (entry.Flags & PageIndexEntry.BrotliFlag) != 0,
            HasGzip = (entry.Flags & PageIndexEntry.GzipFlag) != 0,
        };
}
