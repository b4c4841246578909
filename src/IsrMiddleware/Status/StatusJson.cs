using System.Text.Json.Serialization;

namespace IsrMiddleware.Status;

[JsonSerializable(typeof(StatusDocument))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, WriteIndented = true)]
internal sealed partial class StatusJsonContext : JsonSerializerContext;
