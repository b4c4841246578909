namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>Field-by-field comparison of two stored pages (the type compares its bodies by reference).</summary>
internal static class StoredPageAssert
{
    public static void Equivalent(StoredPage expected, StoredPage? actual)
    {
        Assert.NotNull(actual);
        Assert.Equal(expected.Key, actual.Key);
        Assert.Equal(expected.StatusCode, actual.StatusCode);
        Assert.Equal(expected.ContentType, actual.ContentType);
        Assert.Equal(expected.Headers, actual.Headers);
        Assert.Equal(expected.Body.ToArray(), actual.Body.ToArray());
        Assert.Equal(expected.BrotliBody.ToArray(), actual.BrotliBody.ToArray());
        Assert.Equal(expected.GzipBody.ToArray(), actual.GzipBody.ToArray());
        Assert.Equal(expected.ETag, actual.ETag);
        Assert.Equal(expected.GeneratedAt, actual.GeneratedAt);
        Assert.Equal(expected.Tags, actual.Tags);
        Assert.Equal(expected.Declared, actual.Declared);
        Assert.Equal(expected.Version, actual.Version);
        Assert.Equal(expected.BuildId, actual.BuildId);
        Assert.Equal(expected.Route, actual.Route);
    }
}
