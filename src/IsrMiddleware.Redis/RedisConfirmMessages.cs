using System.Text.Json;

namespace IsrMiddleware.Redis;

/// <summary>Asks every other instance to apply invalidations and acknowledge them under <paramref name="Id"/>.</summary>
internal sealed record RedisConfirmRequest(string Id, string Instance, Invalidation[] Invalidations)
{
    public static RedisConfirmRequest? Parse(string json) => RedisJson.TryParse<RedisConfirmRequest>(json);

    public string ToJson() => JsonSerializer.Serialize(this);
}

/// <summary>One instance's acknowledgement: it applied the invalidations of request <paramref name="Id"/>.</summary>
internal sealed record RedisConfirmAck(string Id, string Instance)
{
    public static RedisConfirmAck? Parse(string json) => RedisJson.TryParse<RedisConfirmAck>(json);

    public string ToJson() => JsonSerializer.Serialize(this);
}

internal static class RedisJson
{
    /// <summary>The message, or null when it is not one (a message from another version, or garbage on the channel).</summary>
    public static T? TryParse<T>(string json)
        where T : class
    {
        try
        {
            return JsonSerializer.Deserialize<T>(json);
        }
        catch (JsonException)
        {
            return null;
        }
    }
}
