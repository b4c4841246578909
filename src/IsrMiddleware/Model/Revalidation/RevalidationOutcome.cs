using System.Text.Json.Serialization;

namespace IsrMiddleware;

/// <summary>What on-demand revalidation did to one page. Serialized to JSON as a kebab-case string (<c>"marked-stale"</c>).</summary>
[JsonConverter(typeof(JsonStringEnumConverter<RevalidationOutcome>))]
public enum RevalidationOutcome
{
    /// <summary>The stored page was marked stale.</summary>
    [JsonStringEnumMemberName("marked-stale")]
    MarkedStale,

    /// <summary>The page was rendered again and stored (a page or a redirect).</summary>
    [JsonStringEnumMemberName("regenerated")]
    Regenerated,

    /// <summary>The render answered 404: the page was removed.</summary>
    [JsonStringEnumMemberName("removed")]
    Removed,

    /// <summary>The render failed or was not cacheable: the last good page is kept.</summary>
    [JsonStringEnumMemberName("failed")]
    Failed,

    /// <summary>No page is stored for the path and none may be created for it: nothing was done.</summary>
    [JsonStringEnumMemberName("not-cached")]
    NotCached,

    /// <summary>The path belongs to no static route.</summary>
    [JsonStringEnumMemberName("no-route")]
    NoRoute,
}
