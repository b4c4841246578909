using System.Text.Json.Serialization;

namespace IsrMiddleware.Revalidation;

internal sealed record RevalidateResponse(bool Revalidated, string Mode, string? Path, string? Tag, RevalidatedPage[] Pages);

internal sealed record RevalidatedPage(string Path, string Outcome);

internal sealed record RevalidateError(string Error);

[JsonSerializable(typeof(RevalidateResponse))]
[JsonSerializable(typeof(RevalidateError))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase, DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class RevalidateJsonContext : JsonSerializerContext;
