using System.Text;
using System.Text.RegularExpressions;

namespace IsrMiddleware.Rendering;

/// <summary>
/// Folds Blazor's streaming rendering into the page it updates. A <c>[StreamRendering]</c> page sends its first render
/// (a placeholder between <c>&lt;!--bl:N--&gt;</c> and <c>&lt;!--/bl:N--&gt;</c>), then each update as a
/// <c>&lt;template blazor-component-id="N"&gt;</c> in a <c>&lt;blazor-ssr&gt;</c> block after the document, which
/// blazor.web.js applies in the browser. The render has waited for them all, so the stored page can hold the final
/// content where the placeholder was: crawlers, the static export and browsers without script see the data.
/// </summary>
internal static partial class StreamedUpdates
{
    private static readonly byte[] Marker = "<blazor-ssr>"u8.ToArray();

    public static bool Contains(ReadOnlySpan<byte> body) => body.IndexOf(Marker) >= 0;

    /// <summary>
    /// The page with every streamed update in place and the update blocks removed, or null when the stream holds
    /// anything but component updates (a redirect or not-found signalled after the response started, or an update
    /// whose content has a template of its own): such a page is not folded, and not stored on that account.
    /// </summary>
    public static byte[]? TryFold(byte[] body)
    {
        var html = Encoding.UTF8.GetString(body);
        var updates = new Dictionary<string, string>(StringComparer.Ordinal);
        foreach (Match block in Blocks().Matches(html))
        {
            var templates = Templates().Matches(block.Value);
            if (CountOf(block.Value, "<template") != templates.Count)
            {
                return null;
            }

            foreach (Match template in templates)
            {
                // A later update of a component replaces an earlier one, as in the browser.
                updates[template.Groups["id"].Value] = template.Groups["content"].Value;
            }
        }

        var folded = Blocks().Replace(html, string.Empty);
        foreach (var (id, content) in updates)
        {
            var start = $"<!--bl:{id}-->";
            var end = $"<!--/bl:{id}-->";
            var from = folded.IndexOf(start, StringComparison.Ordinal);
            var to = from < 0 ? -1 : folded.IndexOf(end, from + start.Length, StringComparison.Ordinal);
            if (to >= 0)
            {
                folded = string.Concat(folded.AsSpan(0, from + start.Length), content, folded.AsSpan(to));
            }
        }

        return Encoding.UTF8.GetBytes(folded);
    }

    private static int CountOf(string text, string value)
    {
        var count = 0;
        for (var at = text.IndexOf(value, StringComparison.OrdinalIgnoreCase); at >= 0; at = text.IndexOf(value, at + value.Length, StringComparison.OrdinalIgnoreCase))
        {
            count++;
        }

        return count;
    }

    [GeneratedRegex("<blazor-ssr>.*?</blazor-ssr>", RegexOptions.Singleline)]
    private static partial Regex Blocks();

    [GeneratedRegex("<template blazor-component-id=\"(?<id>[0-9]+)\">(?<content>.*?)</template>", RegexOptions.Singleline)]
    private static partial Regex Templates();
}
