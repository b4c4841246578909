using System.Text.Json.Serialization;

namespace IsrMiddleware.Store;

/// <summary>One line of the invalidation log.</summary>
internal sealed class InvalidationLine
{
    public long Version { get; init; }

    public InvalidationKind Kind { get; init; }

    public required string Target { get; init; }

    public DateTimeOffset RecordedAt { get; init; }

    public static InvalidationLine From(Invalidation record) =>
        new() { Version = record.Version, Kind = record.Kind, Target = record.Target, RecordedAt = record.RecordedAt };

    public Invalidation? ToRecord() => Version > 0 && Target is not null ? new Invalidation(Kind, Target, Version, RecordedAt) : null;
}

[JsonSerializable(typeof(InvalidationLine))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, UseStringEnumConverter = true)]
internal sealed partial class InvalidationJsonContext : JsonSerializerContext;
