using System.Text;

namespace IsrMiddleware.Benchmarks;

/// <summary>
/// The page every benchmark and every HTTP target serves: a deterministic HTML document of exactly
/// <see cref="Size"/> bytes (20 KiB), the size the performance issue measured with.
/// </summary>
internal static class BenchPage
{
    public const int Size = 20 * 1024;

    public const string ContentType = "text/html; charset=utf-8";

    public static byte[] Bytes { get; } = Create(Size);

    /// <summary>
    /// <c>ISR_SERVE_BEFORE_ROUTING=1</c>: the library's apps answer their pages before routing
    /// (<see cref="StaticParamsOptions.ServeBeforeRouting"/>), the same commands measuring either path.
    /// </summary>
    public static bool ServeBeforeRouting { get; } = Environment.GetEnvironmentVariable("ISR_SERVE_BEFORE_ROUTING") == "1";

    /// <summary>Builds an HTML page of exactly <paramref name="size"/> bytes (ASCII, so one byte per char).</summary>
    public static byte[] Create(int size)
    {
        const string head = "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\"><title>Benchmark page</title></head>\n<body>\n<main>\n";
        const string tail = "</main>\n</body></html>\n";
        var html = new StringBuilder(size);
        html.Append(head);
        for (var line = 0; ; line++)
        {
            var paragraph = $"<p id=\"p{line}\">Lorem ipsum dolor sit amet, consectetur adipiscing elit, line {line}.</p>\n";
            if (html.Length + paragraph.Length + tail.Length > size)
            {
                break;
            }

            html.Append(paragraph);
        }

        // Pad with spaces so that the document is exactly the requested size.
        html.Append(' ', size - tail.Length - html.Length).Append(tail);
        return Encoding.ASCII.GetBytes(html.ToString());
    }
}
