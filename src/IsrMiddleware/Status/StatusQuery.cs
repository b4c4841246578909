using System.Globalization;
using Microsoft.AspNetCore.Http;
using IsrMiddleware.Model;

namespace IsrMiddleware.Status;

/// <summary>The status page's filters and paging, read from the query string: <c>route</c>, <c>state</c>, <c>tag</c>, <c>page</c>, <c>size</c>.</summary>
internal sealed record StatusQuery(string? Route, PageState? State, string? Tag, int Page, int PageSize)
{
    public const int DefaultPageSize = 50;
    public const int MaxPageSize = 500;
    private const int MaxValueLength = 2048;

    /// <summary>Reads the query; returns <see langword="null"/> and a reason when a value is not acceptable.</summary>
    public static StatusQuery? Parse(IQueryCollection query, out string? error)
    {
        error = null;
        var route = Text(query, "route", ref error);
        var tag = Text(query, "tag", ref error);
        var stateText = Text(query, "state", ref error);
        PageState? state = null;
        if (stateText is not null)
        {
            if (Enum.TryParse<PageState>(stateText, ignoreCase: true, out var parsed) && !int.TryParse(stateText, out _))
            {
                state = parsed;
            }
            else
            {
                error ??= $"state must be one of {string.Join(", ", Enum.GetNames<PageState>().Select(name => name.ToLowerInvariant()))}";
            }
        }

        var page = Number(query, "page", 1, 1, 1_000_000, ref error);
        var size = Number(query, "size", DefaultPageSize, 1, MaxPageSize, ref error);
        return error is null ? new StatusQuery(route, state, tag, page, size) : null;
    }

    private static string? Text(IQueryCollection query, string name, ref string? error)
    {
        var value = query[name];
        if (value.Count > 1)
        {
            error ??= $"{name} is given more than once";
            return null;
        }

        var text = value.ToString();
        if (text.Length > MaxValueLength)
        {
            error ??= $"{name} is longer than {MaxValueLength} characters";
            return null;
        }

        return text.Length == 0 ? null : text;
    }

    private static int Number(IQueryCollection query, string name, int fallback, int min, int max, ref string? error)
    {
        var text = Text(query, name, ref error);
        if (text is null)
        {
            return fallback;
        }

        if (int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value) && value >= min && value <= max)
        {
            return value;
        }

        error ??= $"{name} must be a whole number from {min} to {max}";
        return fallback;
    }
}
