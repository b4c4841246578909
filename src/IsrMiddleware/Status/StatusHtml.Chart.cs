using System.Globalization;

namespace IsrMiddleware.Status;

/// <summary>The chart: requests answered by outcome and renders per 10-second slot, as inline SVG drawn here.</summary>
internal sealed partial class StatusHtml
{
    private const int ChartWidth = 720;
    private const int ChartHeight = 160;
    private const int ChartPadding = 24;

    private static readonly (string Name, string Color, string Dash, Func<StatusChartPoint, long> Value)[] ChartSeries =
    [
        ("hits", "#2e7d32", "", point => point.Hits),
        ("stale", "#ef8f00", "", point => point.Stale),
        ("misses", "#c62828", "", point => point.Misses),
        ("renders", "#1565c0", "4 3", point => point.Renders),
    ];

    private void Chart(IReadOnlyList<StatusChartPoint> points)
    {
        var max = Math.Max(1, points.Count == 0 ? 1 : ChartSeries.Max(series => points.Max(series.Value)));
        var minutes = points.Count < 2 ? 0 : (int)Math.Round((points[^1].Start - points[0].Start).TotalMinutes);
        Raw($"<svg class=\"chart\" viewBox=\"0 0 {ChartWidth} {ChartHeight}\" width=\"{ChartWidth}\" height=\"{ChartHeight}\" role=\"img\" aria-label=\"")
            .Text($"Requests and renders per 10 seconds over the last {minutes} minutes; peak {max}")
            .Raw("\">");
        Raw($"<line x1=\"{ChartPadding}\" y1=\"{ChartHeight - ChartPadding}\" x2=\"{ChartWidth}\" y2=\"{ChartHeight - ChartPadding}\" stroke=\"#999\"/>");
        Raw($"<line x1=\"{ChartPadding}\" y1=\"8\" x2=\"{ChartPadding}\" y2=\"{ChartHeight - ChartPadding}\" stroke=\"#999\"/>");
        Raw($"<text x=\"2\" y=\"14\" class=\"axis\">{max}</text><text x=\"2\" y=\"{ChartHeight - ChartPadding}\" class=\"axis\">0</text>");
        Raw($"<text x=\"{ChartPadding}\" y=\"{ChartHeight - 6}\" class=\"axis\">−{minutes} min</text>");
        Raw($"<text x=\"{ChartWidth - 4}\" y=\"{ChartHeight - 6}\" class=\"axis\" text-anchor=\"end\">now</text>");
        foreach (var (name, color, dash, value) in ChartSeries)
        {
            Raw($"<polyline fill=\"none\" stroke=\"{color}\" stroke-width=\"2\"")
                .Raw(dash.Length > 0 ? $" stroke-dasharray=\"{dash}\"" : string.Empty)
                .Raw(" points=\"");
            for (var i = 0; i < points.Count; i++)
            {
                var x = ChartPadding + (ChartWidth - ChartPadding - 4) * (points.Count == 1 ? 1 : (double)i / (points.Count - 1));
                var y = ChartHeight - ChartPadding - (ChartHeight - ChartPadding - 8) * ((double)value(points[i]) / max);
                Raw(x.ToString("0.#", CultureInfo.InvariantCulture)).Raw(",").Raw(y.ToString("0.#", CultureInfo.InvariantCulture)).Raw(" ");
            }

            Raw("\"><title>").Text(name).Raw("</title></polyline>");
        }

        Raw("</svg><p class=\"legend\">");
        foreach (var (name, color, _, value) in ChartSeries)
        {
            Raw($"<span><i style=\"background:{color}\"></i>").Text(name).Raw(" ").Text(Count(points.Sum(value))).Raw("</span>");
        }

        Raw("</p>");
    }
}
