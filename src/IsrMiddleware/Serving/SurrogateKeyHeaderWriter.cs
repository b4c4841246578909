using System.Runtime.CompilerServices;
using System.Text;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Serving;

/// <summary>
/// Writes a served page's surrogate keys (its path key, then its tags) into the configured headers. The value is made
/// once per stored version; keys past <see cref="EdgeOptions.MaxSurrogateKeyHeaderLength"/> are left out with a
/// warning, once per page.
/// </summary>
internal sealed class SurrogateKeyHeaderWriter
{
    private const int MaxWarnedKeys = 10_000;

    private readonly ConditionalWeakTable<StoredPage, KeyValues> _values = [];
    private readonly HashSet<string> _warned = new(StringComparer.Ordinal);
    private readonly string[] _headers;
    private readonly bool[] _commaSeparated;
    private readonly int _maxLength;
    private readonly ILogger<SurrogateKeyHeaderWriter> _logger;

    public SurrogateKeyHeaderWriter(IOptions<StaticParamsOptions> options, ILogger<SurrogateKeyHeaderWriter> logger)
    {
        var edge = options.Value.Edge;
        _headers = edge.SurrogateKeyHeaders.Distinct(StringComparer.OrdinalIgnoreCase).ToArray();
        _commaSeparated = _headers.Select(header => header.Equals("Cache-Tag", StringComparison.OrdinalIgnoreCase)).ToArray();
        _maxLength = edge.MaxSurrogateKeyHeaderLength;
        _logger = logger;
    }

    public bool IsEnabled => _headers.Length > 0;

    /// <summary>Sets the surrogate-key headers of a page about to be written.</summary>
    public void Write(HttpResponse response, StoredPage page)
    {
        if (_headers.Length == 0)
        {
            return;
        }

        var values = _values.GetValue(page, Create);
        var headers = response.Headers;
        for (var i = 0; i < _headers.Length; i++)
        {
            headers[_headers[i]] = _commaSeparated[i] ? values.CommaSeparated : values.SpaceSeparated;
        }
    }

    /// <summary>The keys of a page in the order they are written: its path key, then its tags.</summary>
    internal static IEnumerable<string> KeysOf(StoredPage page) =>
        new[] { SurrogateKeys.ForPath(page.Key) }.Concat(page.Tags.Select(SurrogateKeys.ForTag)).Distinct(StringComparer.Ordinal);

    private KeyValues Create(StoredPage page)
    {
        var text = new StringBuilder();
        var left = 0;
        foreach (var key in KeysOf(page))
        {
            var length = text.Length == 0 ? key.Length : key.Length + 1;
            if (text.Length > 0 && text.Length + length > _maxLength)
            {
                left++;
                continue;
            }

            text.Append(text.Length == 0 ? string.Empty : " ").Append(key);
        }

        if (left > 0)
        {
            WarnOnce(page.Key, left);
        }

        var spaced = text.ToString();
        return new KeyValues(spaced, spaced.Replace(' ', ','));
    }

    private void WarnOnce(string key, int left)
    {
        lock (_warned)
        {
            if (_warned.Count >= MaxWarnedKeys || !_warned.Add(key))
            {
                return;
            }
        }

        SurrogateKeyLog.SurrogateKeysCapped(_logger, key, left, _maxLength);
    }

    private sealed record KeyValues(string SpaceSeparated, string CommaSeparated);
}
