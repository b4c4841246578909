using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Net.Http.Headers;

namespace IsrMiddleware.Access;

/// <summary>
/// Whether the charset a request body declares can be read, checked before the framework reads it: a form's charset
/// must name an encoding this runtime supports (UTF-7 is not), and JSON must be UTF-8 (RFC 8259) or declare none.
/// </summary>
internal static class RequestCharset
{
    public static bool IsReadableForm(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type) && (!type.Charset.HasValue || IsSupported(type.Charset.Value!));

    public static bool IsUtf8Json(HttpRequest request) =>
        MediaTypeHeaderValue.TryParse(request.ContentType, out var type)
        && (!type.Charset.HasValue || type.Charset.Equals("utf-8", StringComparison.OrdinalIgnoreCase));

    private static bool IsSupported(string charset)
    {
        try
        {
            _ = Encoding.GetEncoding(charset);
            return true;
        }
        catch (Exception ex) when (ex is ArgumentException or NotSupportedException)
        {
            return false;
        }
    }
}
