using System.Text.Json.Serialization;

namespace IsrMiddleware;

/// <summary>What a <see cref="RevalidationTarget"/> names. Serialized to JSON as <c>"path"</c>, <c>"tag"</c>, <c>"prefix"</c> or <c>"route"</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RevalidationTargetKind>))]
public enum RevalidationTargetKind
{
    /// <summary>One page, by its path.</summary>
    [JsonStringEnumMemberName("path")]
    Path,

    /// <summary>Every stored page carrying a tag.</summary>
    [JsonStringEnumMemberName("tag")]
    Tag,

    /// <summary>Every stored or declared page whose key starts with a path prefix.</summary>
    [JsonStringEnumMemberName("prefix")]
    Prefix,

    /// <summary>A static route's declared set: its params providers run again, on every instance.</summary>
    [JsonStringEnumMemberName("route")]
    Route,
}
