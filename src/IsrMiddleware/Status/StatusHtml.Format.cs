using System.Globalization;
using System.Text;
using System.Text.Encodings.Web;

namespace IsrMiddleware.Status;

/// <summary>Encoding and number formatting for the status page: every piece of text goes through <see cref="Text"/>.</summary>
internal sealed partial class StatusHtml
{
    // Every range allowed: only the characters that mean something to HTML are escaped.
    private static readonly HtmlEncoder Encoder = HtmlEncoder.Create(System.Text.Unicode.UnicodeRanges.All);

    private readonly StringBuilder _html = new();

    /// <summary>Appends text HTML-encoded (safe in element content and in quoted attribute values).</summary>
    private StatusHtml Text(string? value)
    {
        _html.Append(Encoder.Encode(value ?? string.Empty));
        return this;
    }

    /// <summary>Appends markup written here, never data.</summary>
    private StatusHtml Raw(string markup)
    {
        _html.Append(markup);
        return this;
    }

    private static string Number(double value) => value.ToString("0.##", CultureInfo.InvariantCulture);

    private static string Count(long value) => value.ToString("N0", CultureInfo.InvariantCulture);

    private static string Percent(double? ratio) => ratio is { } r ? (r * 100).ToString("0.#", CultureInfo.InvariantCulture) + " %" : "–";

    private static string Bytes(long bytes) => bytes switch
    {
        < 1024 => bytes.ToString(CultureInfo.InvariantCulture) + " B",
        < 1024 * 1024 => (bytes / 1024.0).ToString("0.#", CultureInfo.InvariantCulture) + " KiB",
        < 1024L * 1024 * 1024 => (bytes / (1024.0 * 1024)).ToString("0.#", CultureInfo.InvariantCulture) + " MiB",
        _ => (bytes / (1024.0 * 1024 * 1024)).ToString("0.##", CultureInfo.InvariantCulture) + " GiB",
    };

    private static string Duration(double? seconds) => seconds switch
    {
        null => "never",
        < 60 => Number(Math.Floor(seconds.Value)) + " s",
        < 3600 => Number(Math.Floor(seconds.Value / 60)) + " min",
        < 86400 => Number(Math.Round(seconds.Value / 3600, 1)) + " h",
        _ => Number(Math.Round(seconds.Value / 86400, 1)) + " d",
    };

    private static string Time(DateTimeOffset? at) => at?.ToString("yyyy-MM-dd HH:mm:ss'Z'", CultureInfo.InvariantCulture) ?? "–";

    /// <summary>A query string for the pages list, keeping the current filters except those overridden.</summary>
    private string Query(StatusPaging paging, int? page = null)
    {
        var parts = new List<string>();
        void Add(string name, string? value)
        {
            if (!string.IsNullOrEmpty(value))
            {
                parts.Add(name + "=" + Uri.EscapeDataString(value));
            }
        }

        Add("route", paging.Route);
        Add("state", paging.State);
        Add("tag", paging.Tag);
        Add("size", paging.PageSize == StatusQuery.DefaultPageSize ? null : paging.PageSize.ToString(CultureInfo.InvariantCulture));
        Add("page", (page ?? paging.Page) == 1 ? null : (page ?? paging.Page).ToString(CultureInfo.InvariantCulture));
        return _basePath + (parts.Count == 0 ? string.Empty : "?" + string.Join("&", parts));
    }
}
