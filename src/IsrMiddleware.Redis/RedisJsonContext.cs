using System.Text.Json.Serialization;

namespace IsrMiddleware.Redis;

/// <summary>Source-generated JSON for what the Redis store writes: page headers (read on every Redis-tier hit) and messages.</summary>
[JsonSerializable(typeof(RedisPageHeader))]
[JsonSerializable(typeof(RedisChangeMessage))]
[JsonSerializable(typeof(RedisConfirmRequest))]
[JsonSerializable(typeof(RedisConfirmAck))]
internal sealed partial class RedisJsonContext : JsonSerializerContext;
