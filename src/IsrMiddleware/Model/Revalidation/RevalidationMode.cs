using System.Text.Json.Serialization;

namespace IsrMiddleware;

/// <summary>How on-demand revalidation treats the pages it names. Serialized to JSON as <c>"lazy"</c> or <c>"eager"</c>.</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RevalidationMode>))]
public enum RevalidationMode
{
    /// <summary>Mark the pages stale: the next request is served the old page and starts one regeneration (<c>revalidateTag</c>).</summary>
    [JsonStringEnumMemberName("lazy")]
    Lazy = 0,

    /// <summary>Regenerate the pages now and return when done, reporting each outcome (<c>res.revalidate</c>).</summary>
    [JsonStringEnumMemberName("eager")]
    Eager = 1,
}
