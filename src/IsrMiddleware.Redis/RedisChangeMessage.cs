using System.Text.Json;

namespace IsrMiddleware.Redis;

/// <summary>A page change as published on the Redis channel, with the instance that made it and its build.</summary>
internal sealed record RedisChangeMessage(
    string Instance,
    string? Build,
    PageChangeKind Kind,
    string Key,
    long Version,
    InvalidationKind? InvalidationKind = null,
    DateTimeOffset? RecordedAt = null)
{
    public static RedisChangeMessage From(string instance, string build, PageChange change) => new(
        instance, build, change.Kind, change.Key, change.Version, change.Invalidation?.Kind, change.Invalidation?.RecordedAt);

    public static RedisChangeMessage? Parse(string json) => RedisJson.TryParse(json, RedisJsonContext.Default.RedisChangeMessage);

    public string ToJson() => JsonSerializer.Serialize(this, RedisJsonContext.Default.RedisChangeMessage);

    public PageChange ToChange() => new(
        Kind,
        Key,
        Version,
        Kind == PageChangeKind.Invalidated && InvalidationKind is { } kind ? new Invalidation(kind, Key, Version, RecordedAt ?? default) : null);
}
