using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using IsrMiddleware.Access;

namespace IsrMiddleware.Revalidation;

/// <summary>
/// Reads the endpoint's targets: repeated <c>path=</c>, <c>tag=</c>, <c>prefix=</c> and <c>route=</c> (and <c>mode=</c>,
/// <c>onlyStored=</c>, <c>confirm=</c>) from the query and a form, or a JSON body. Blank values are ignored; values from every source add up.
/// </summary>
internal static class RevalidateRequestReader
{
    /// <summary>
    /// The request, or null when its form or JSON body cannot be read: a malformed form or multipart body, one past the
    /// form limits, a body cut short, a form in a charset this runtime cannot decode, JSON that does not parse or does not
    /// fit, or JSON declared in a charset other than UTF-8 (RFC 8259).
    /// </summary>
    public static async Task<RevalidateRequest?> ReadAsync(HttpRequest request)
    {
        var query = request.Query;
        List<string> paths = [.. Values(query["path"])], tags = [.. Values(query["tag"])], prefixes = [.. Values(query["prefix"])];
        List<string> routes = [.. Values(query["route"])];
        string? mode = First(query["mode"]), onlyStored = First(query["onlyStored"]), confirm = First(query["confirm"]);
        try
        {
            if (request.HasFormContentType)
            {
                if (!RequestCharset.IsReadableForm(request))
                {
                    return null;
                }

                var form = await request.ReadFormAsync(request.HttpContext.RequestAborted).ConfigureAwait(false);
                paths.AddRange(Values(form["path"]));
                tags.AddRange(Values(form["tag"]));
                prefixes.AddRange(Values(form["prefix"]));
                routes.AddRange(Values(form["route"]));
                mode ??= First(form["mode"]);
                onlyStored ??= First(form["onlyStored"]);
                confirm ??= First(form["confirm"]);
            }
            else if (request.HasJsonContentType())
            {
                if (!RequestCharset.IsUtf8Json(request))
                {
                    return null;
                }

                var body = await request.ReadFromJsonAsync(RevalidateJsonContext.Default.RevalidateBody, request.HttpContext.RequestAborted).ConfigureAwait(false);
                if (body is not null)
                {
                    paths.AddRange(Values([.. body.Paths ?? [], body.Path]));
                    tags.AddRange(Values([.. body.Tags ?? [], body.Tag]));
                    prefixes.AddRange(Values([.. body.Prefixes ?? [], body.Prefix]));
                    routes.AddRange(Values([.. body.Routes ?? [], body.Route]));
                    mode ??= body.Mode;
                    onlyStored ??= Flag(body.OnlyStored);
                    confirm ??= Flag(body.Confirm);
                }
            }
        }
        catch (Exception ex) when (ex is InvalidDataException or BadHttpRequestException or JsonException or IOException)
        {
            // InvalidDataException: a form past its limits, a multipart body without or with a bad boundary;
            // IOException: a multipart body that ends before its boundary; BadHttpRequestException: a body past the
            // server's limits or cut short; JsonException: JSON that does not parse or does not fit.
            return null;
        }

        return new RevalidateRequest(paths, tags, prefixes, mode, onlyStored, confirm) { Routes = routes };
    }

    private static IEnumerable<string> Values(IEnumerable<string?> values) =>
        values.Where(value => !string.IsNullOrWhiteSpace(value)).Select(value => value!.Trim());

    private static string? Flag(bool? value) => value is { } flag ? (flag ? "true" : "false") : null;

    private static string? First(IEnumerable<string?> values) => values.FirstOrDefault(value => !string.IsNullOrWhiteSpace(value));
}
