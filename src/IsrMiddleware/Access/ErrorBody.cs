using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IsrMiddleware.Access;

/// <summary>The JSON body of a refused request: <c>{"error":"..."}</c>.</summary>
internal sealed record ErrorBody(string Error);

[JsonSerializable(typeof(ErrorBody))]
[JsonSourceGenerationOptions(PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase)]
internal sealed partial class ErrorJsonContext : JsonSerializerContext
{
    /// <summary>Writes messages as they read (<c>'docs'</c>, not <c>\u0027docs\u0027</c>): the body is JSON, never HTML.</summary>
    public static ErrorJsonContext Readable => s_readable ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static ErrorJsonContext? s_readable;
}
