using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace IsrMiddleware.Revalidation;

internal sealed record RevalidateResponse(
    bool Revalidated,
    string Mode,
    bool OnlyStored,
    string? Path,
    string? Tag,
    RevalidatedTarget[] Targets,
    RevalidatedPage[] Pages,
    RevalidateConfirmation? Confirmation);

internal sealed record RevalidateConfirmation(bool Complete, IReadOnlyList<string> Applied, IReadOnlyList<string> Lagged);

internal sealed record RevalidatedTarget(string Kind, string Value, RevalidatedPage[] Pages);

internal sealed record RevalidatedPage(string Path, string Outcome);

internal sealed record RevalidateError(string Error);

[JsonSerializable(typeof(RevalidateResponse))]
[JsonSerializable(typeof(RevalidateError))]
[JsonSerializable(typeof(RevalidateBody))]
[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    PropertyNameCaseInsensitive = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull)]
internal sealed partial class RevalidateJsonContext : JsonSerializerContext
{
    /// <summary>Writes messages as they read (<c>'docs'</c>, not <c>\u0027docs\u0027</c>): the body is JSON, never HTML.</summary>
    public static RevalidateJsonContext Readable => s_readable ??= new(new JsonSerializerOptions(Default.Options) { Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping });

    private static RevalidateJsonContext? s_readable;
}
