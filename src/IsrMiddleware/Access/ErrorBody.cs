using System.Text.Json.Serialization;

namespace IsrMiddleware.Access;

/// <summary>The JSON body of a refused request: <c>{"error":"..."}</c>.</summary>
internal sealed record ErrorBody(string Error);

[JsonSerializable(typeof(ErrorBody))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ErrorJsonContext : JsonSerializerContext;
