using System.Text.Json;
using System.Text.Json.Serialization.Metadata;

namespace IsrMiddleware.Redis;

/// <summary>Asks every other instance to apply invalidations and acknowledge them under <paramref name="Id"/>.</summary>
internal sealed record RedisConfirmRequest(string Id, string Instance, Invalidation[] Invalidations)
{
    public static RedisConfirmRequest? Parse(string json) => RedisJson.TryParse(json, RedisJsonContext.Default.RedisConfirmRequest);

    public string ToJson() => JsonSerializer.Serialize(this, RedisJsonContext.Default.RedisConfirmRequest);
}

/// <summary>One instance's acknowledgement: it applied the invalidations of request <paramref name="Id"/>.</summary>
internal sealed record RedisConfirmAck(string Id, string Instance)
{
    public static RedisConfirmAck? Parse(string json) => RedisJson.TryParse(json, RedisJsonContext.Default.RedisConfirmAck);

    public string ToJson() => JsonSerializer.Serialize(this, RedisJsonContext.Default.RedisConfirmAck);
}

internal static class RedisJson
{
    /// <summary>The message, or null when it is not one (a message from another version, or garbage on the channel).</summary>
    public static T? TryParse<T>(string json, JsonTypeInfo<T> type)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize(json, type);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
