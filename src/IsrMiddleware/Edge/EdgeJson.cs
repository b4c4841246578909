using System.Text.Json.Serialization;

namespace IsrMiddleware.Edge;

/// <summary>The JSON body of a webhook invalidation.</summary>
internal sealed record WebhookBody(string[] SurrogateKeys, string[] Paths);

[JsonSerializable(typeof(WebhookBody))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class EdgeJsonContext : JsonSerializerContext;
