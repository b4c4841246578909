using System.Globalization;
using IsrMiddleware.Diagnostics;
using IsrMiddleware.Model;
namespace IsrMiddleware.Status;

/// <summary>
/// The status page as one HTML document, drawn on the server: no script, no external asset. Every value that comes
/// from pages, tags, routes or the request is HTML-encoded.
/// </summary>
internal sealed partial class StatusHtml(string basePath, string actionToken, string? message)
{
    private const string Style = """
        body{font:14px/1.4 system-ui,sans-serif;margin:1.5rem;color:#222;background:#fafafa}
        h1{font-size:1.4rem;margin:0 0 .25rem}h2{font-size:1.1rem;margin:1.5rem 0 .5rem}
        .muted,.axis{color:#666;fill:#666;font-size:11px}
        .cards{display:flex;flex-wrap:wrap;gap:.75rem}.card{background:#fff;border:1px solid #ddd;border-radius:6px;padding:.5rem .75rem;min-width:9rem}
        .card b{display:block;font-size:1.3rem}
        table{border-collapse:collapse;background:#fff;width:100%}th,td{border:1px solid #ddd;padding:.25rem .4rem;text-align:left;vertical-align:top}
        th{background:#f0f0f0}td.n{text-align:right;font-variant-numeric:tabular-nums;white-space:nowrap}
        .state{border-radius:3px;padding:0 .35rem;color:#fff;font-size:12px}
        .fresh{background:#2e7d32}.stale{background:#ef8f00}.expired{background:#6d4c41}.failing{background:#c62828}.rendering{background:#1565c0}.missing{background:#757575}
        .open{color:#c62828;font-weight:bold}.chart{background:#fff;border:1px solid #ddd}
        .legend span{margin-right:1rem}.legend i{display:inline-block;width:10px;height:10px;margin-right:4px}
        .flash{background:#e8f5e9;border:1px solid #a5d6a7;padding:.5rem;border-radius:6px}
        .outage{background:#ffebee;border:1px solid #ef9a9a;padding:.5rem;border-radius:6px}
        form.inline{display:inline}form.action{margin:.25rem 0}input,select,button{font:inherit}
        .bar{background:#eee;width:8rem;height:.5rem;border-radius:3px}.bar i{display:block;height:100%;background:#1565c0;border-radius:3px}
        """;

    private readonly string _basePath = basePath;

    public string Write(StatusDocument document)
    {
        Raw("<!doctype html><html lang=\"en\"><head><meta charset=\"utf-8\"><meta name=\"viewport\" content=\"width=device-width\">")
            .Raw("<link rel=\"icon\" href=\"data:,\"><title>IsrMiddleware status</title><style>").Raw(Style).Raw("</style></head><body>");
        Raw("<h1>IsrMiddleware status</h1><p class=\"muted\">").Text($"At {Time(document.Now)}, counting since {Time(document.Totals.Since)}. ")
            .Raw("<a href=\"").Text(_basePath + "/status.json").Raw("\">JSON</a></p>");
        if (message is not null)
        {
            Raw("<p class=\"flash\" role=\"status\">").Text(message).Raw("</p>");
        }

        if (document.StoreError is { } storeError)
        {
            Raw("<p class=\"outage\" role=\"alert\"><b>Page store unavailable.</b> ").Text(storeError)
                .Raw(". Shown: what this instance knows (declared pages, its memory tier and its own renders).</p>");
        }

        Totals(document.Totals);
        Raw("<h2>Last minutes</h2>");
        Chart(document.Chart);
        Routes(document.Routes);
        Actions();
        Pages(document);
        Raw("</body></html>");
        return _html.ToString();
    }

    private void Totals(StatusTotals totals)
    {
        Raw("<div class=\"cards\">");
        Card("hit ratio", Percent(totals.HitRatio), $"{Count(totals.Hits)} hits, {Count(totals.StaleHits)} stale, {Count(totals.Misses)} misses");
        Card("renders", Count(totals.Renders), $"{Count(totals.Failures)} failed");
        Card(
            "renders / min (5 min)",
            Number(totals.RendersPerMinute.Values.Sum()),
            string.Join(", ", totals.RendersPerMinute.Where(pair => pair.Value > 0).Select(pair => $"{pair.Key} {Number(pair.Value)}")));
        Raw("<div class=\"card\">memory tier<b>").Text(Percent(totals.MemoryFill)).Raw("</b><div class=\"bar\"><i style=\"width:")
            .Raw(Number(Math.Clamp(totals.MemoryFill * 100, 0, 100))).Raw("%\"></i></div><span class=\"muted\">")
            .Text($"{Count(totals.MemoryPages)} pages, {Bytes(totals.MemoryBytes)} of {Bytes(totals.MemoryLimitBytes)}").Raw("</span></div>");
        Card("pre-render", totals.PrerenderCompleted ? "done" : "running", string.Create(CultureInfo.InvariantCulture, $"{totals.PrerenderDone:N0} / {totals.PrerenderTotal:N0} pages, busiest first"));
        Raw("</div>");
    }

    private void Card(string title, string value, string detail) =>
        Raw("<div class=\"card\">").Text(title).Raw("<b>").Text(value).Raw("</b><span class=\"muted\">").Text(detail).Raw("</span></div>");

    private void Routes(IReadOnlyList<StatusRoute> routes)
    {
        Raw("<h2>Routes</h2><table><thead><tr><th>pattern</th><th>unknown params</th><th>revalidate</th><th>expire</th><th>tags</th>")
            .Raw("<th>declared</th><th>stored</th><th>on demand</th><th>memory</th><th>disk</th><th>circuit</th></tr></thead><tbody>");
        foreach (var route in routes)
        {
            Raw("<tr><td><a href=\"").Text(Query(new StatusPaging(1, StatusQuery.DefaultPageSize, 1, 0, route.Pattern, null, null))).Raw("\">").Text(route.Pattern).Raw("</a></td>")
                .Raw("<td>").Text(route.Policy).Raw("</td><td>").Text(Duration(route.RevalidateSeconds)).Raw("</td><td>").Text(Duration(route.ExpireSeconds))
                .Raw("</td><td>").Text(string.Join(", ", route.Tags)).Raw("</td>")
                .Raw("<td class=\"n\">").Text(Count(route.Declared)).Raw("</td><td class=\"n\">").Text(Count(route.Stored))
                .Raw("</td><td class=\"n\">").Text(Count(route.OnDemand)).Raw("</td><td class=\"n\">").Text(Bytes(route.MemoryBytes))
                .Raw("</td><td class=\"n\">").Text(Bytes(route.DiskBytes)).Raw("</td><td")
                .Raw(route.Circuit == "closed" ? ">" : " class=\"open\">").Text(route.Circuit).Raw("</td></tr>");
        }

        Raw("</tbody></table>");
    }

    private void Actions()
    {
        Raw("<h2>Revalidate</h2>");
        foreach (var (target, label, placeholder) in new[] { ("path", "Path", "/blog/hello-world"), ("tag", "Tag", "products") })
        {
            Raw("<form class=\"action\" method=\"post\" action=\"").Text(_basePath + "/revalidate").Raw("\">")
                .Raw("<input type=\"hidden\" name=\"token\" value=\"").Text(actionToken).Raw("\">")
                .Raw($"<input type=\"hidden\" name=\"target\" value=\"{target}\">")
                .Raw($"<label>{label} <input name=\"value\" required maxlength=\"2048\" placeholder=\"{placeholder}\"></label> ")
                .Raw("<select name=\"mode\" aria-label=\"mode\"><option value=\"lazy\">lazy (mark stale)</option><option value=\"eager\">eager (render now)</option></select> ")
                .Raw($"<button type=\"submit\">Revalidate {target}</button></form>");
        }
    }

    private void Pages(StatusDocument document)
    {
        var paging = document.Paging;
        Raw("<h2>Pages</h2><form method=\"get\" action=\"").Text(_basePath).Raw("\"><label>route <select name=\"route\"><option value=\"\">all</option>");
        foreach (var route in document.Routes)
        {
            Raw("<option value=\"").Text(route.Pattern).Raw(route.Pattern == paging.Route ? "\" selected>" : "\">").Text(route.Pattern).Raw("</option>");
        }

        Raw("</select></label> <label>state <select name=\"state\"><option value=\"\">all</option>");
        foreach (var state in Enum.GetValues<PageState>().Select(StatusReader.Name))
        {
            Raw("<option").Raw(state == paging.State ? " selected>" : ">").Text(state).Raw("</option>");
        }

        Raw("</select></label> <label>tag <input name=\"tag\" value=\"").Text(paging.Tag).Raw("\"></label> <button type=\"submit\">Filter</button></form>");
        Raw("<p class=\"muted\">").Text($"{Count(paging.TotalItems)} pages, page {paging.Page} of {paging.TotalPages}").Raw("</p>");
        Raw("<table id=\"pages\"><thead><tr><th>path</th><th>route</th><th>state</th><th>age</th><th>size</th><th>encodings</th><th>tags</th>")
            .Raw("<th>hits / stale / misses</th><th>last render</th><th>last error</th><th></th></tr></thead><tbody>");
        foreach (var page in document.Pages)
        {
            PageRow(page);
        }

        Raw("</tbody></table><p>");
        if (paging.Page > 1)
        {
            Raw("<a rel=\"prev\" href=\"").Text(Query(paging, paging.Page - 1)).Raw("\">previous</a> ");
        }

        if (paging.Page < paging.TotalPages)
        {
            Raw("<a rel=\"next\" href=\"").Text(Query(paging, paging.Page + 1)).Raw("\">next</a>");
        }

        Raw("</p>");
    }

    private void PageRow(StatusPage page)
    {
        Raw("<tr data-path=\"").Text(page.Path).Raw("\"><td>");
        if (page.Path.StartsWith('/') && !page.Path.StartsWith("//", StringComparison.Ordinal) && !page.Path.StartsWith("/\\", StringComparison.Ordinal))
        {
            Raw("<a href=\"").Text(page.Path).Raw("\">").Text(page.Path).Raw("</a>");
        }
        else
        {
            Text(page.Path);
        }

        Raw("</td><td>").Text(page.Route)
            .Raw(page.Build is null || page.CurrentBuild ? string.Empty : " <span class=\"muted\">(build ").Text(page.Build is null || page.CurrentBuild ? null : page.Build[..Math.Min(8, page.Build.Length)])
            .Raw(page.Build is null || page.CurrentBuild ? string.Empty : ")</span>")
            .Raw("</td><td><span class=\"state ").Text(page.State).Raw("\">").Text(page.State).Raw("</span></td>")
            .Raw("<td class=\"n\">").Text(page.AgeSeconds is null ? "–" : Duration(page.AgeSeconds)).Raw("</td><td class=\"n\">").Text(Bytes(page.Bytes))
            .Raw(page.InMemory ? " <span class=\"muted\">(memory)</span>" : string.Empty)
            .Raw("</td><td>").Text(string.Join(", ", page.Encodings)).Raw("</td><td>").Text(string.Join(", ", page.Tags)).Raw("</td>")
            .Raw("<td class=\"n\">").Text($"{Count(page.Hits)} / {Count(page.StaleHits)} / {Count(page.Misses)}").Raw("</td><td>");
        if (page.LastRender is { } render)
        {
            Text($"{render.Reason}: {render.Outcome} ({render.StatusCode}) in {Number(render.DurationMs)} ms at {Time(render.At)}");
        }

        Raw("</td><td>").Text(page.LastRender?.Error).Raw("</td><td>");
        Raw("<form class=\"inline\" method=\"post\" action=\"").Text(_basePath + "/revalidate").Raw("\">")
            .Raw("<input type=\"hidden\" name=\"token\" value=\"").Text(actionToken).Raw("\">")
            .Raw("<input type=\"hidden\" name=\"target\" value=\"path\"><input type=\"hidden\" name=\"mode\" value=\"lazy\">")
            .Raw("<input type=\"hidden\" name=\"value\" value=\"").Text(page.Path).Raw("\"><button type=\"submit\">revalidate</button></form></td></tr>");
    }
}
