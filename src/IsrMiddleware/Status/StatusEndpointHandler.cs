using System.Globalization;
using System.Text.Json;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Primitives;
using IsrMiddleware.Access;

namespace IsrMiddleware.Status;

/// <summary>
/// Answers the status page, its JSON twin and its revalidate action. While the page store cannot be read, the page
/// answers 503 and shows what this process knows, and the JSON twin answers 503 with <c>Retry-After</c>. A form that
/// cannot be read is a 400 with a plain error page.
/// </summary>
internal sealed class StatusEndpointHandler(StatusReader reader, StatusActionGuard guard, IPageRevalidator revalidator)
{
    /// <summary>The <c>Retry-After</c> of a 503 during a store outage.</summary>
    public const int RetryAfterSeconds = 5;

    private const int MaxFormBytes = 16 * 1024;
    private const int MaxValueLength = 2048;

    public async Task HtmlAsync(HttpContext context, string basePath)
    {
        SecureHeaders(context.Response);
        if (StatusQuery.Parse(context.Request.Query, out var error) is not { } query)
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, error!).ConfigureAwait(false);
            return;
        }

        var document = await reader.ReadAsync(query, context.RequestAborted).ConfigureAwait(false);
        var done = context.Request.Query["done"].ToString();
        var html = new StatusHtml(context.Request.PathBase + basePath, guard.Issue(), done.Length is > 0 and <= 500 ? done : null).Write(document);
        if (document.StoreError is not null)
        {
            Unavailable(context.Response);
        }

        context.Response.ContentType = "text/html; charset=utf-8";
        await context.Response.WriteAsync(html, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task JsonAsync(HttpContext context)
    {
        SecureHeaders(context.Response);
        if (StatusQuery.Parse(context.Request.Query, out var error) is not { } query)
        {
            context.Response.StatusCode = StatusCodes.Status400BadRequest;
            await context.Response.WriteAsJsonAsync(new Dictionary<string, string> { ["error"] = error! }, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        var document = await reader.ReadAsync(query, context.RequestAborted).ConfigureAwait(false);
        if (document.StoreError is { } storeError)
        {
            Unavailable(context.Response);
            await context.Response.WriteAsJsonAsync(new ErrorBody(storeError + ": retry later"), ErrorJsonContext.Default.ErrorBody, contentType: null, context.RequestAborted).ConfigureAwait(false);
            return;
        }

        context.Response.ContentType = "application/json; charset=utf-8";
        await JsonSerializer.SerializeAsync(context.Response.Body, document, StatusJsonContext.Default.StatusDocument, context.RequestAborted).ConfigureAwait(false);
    }

    public async Task RevalidateAsync(HttpContext context, string basePath)
    {
        SecureHeaders(context.Response);
        var request = context.Request;
        if (!request.HasFormContentType)
        {
            await PlainAsync(context, StatusCodes.Status415UnsupportedMediaType, "post the status page's form (application/x-www-form-urlencoded)").ConfigureAwait(false);
            return;
        }

        if (request.ContentLength is null or > MaxFormBytes)
        {
            await PlainAsync(context, StatusCodes.Status413PayloadTooLarge, $"the form must declare its length and be at most {MaxFormBytes} bytes").ConfigureAwait(false);
            return;
        }

        if (!RequestCharset.IsReadableForm(request))
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, "the form's charset cannot be read: post the status page's form").ConfigureAwait(false);
            return;
        }

        IFormCollection form;
        try
        {
            form = await request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is InvalidDataException or IOException or BadHttpRequestException)
        {
            // A form past its limits, a multipart body with a bad boundary or cut short.
            await PlainAsync(context, StatusCodes.Status400BadRequest, "the form cannot be read: post the status page's form").ConfigureAwait(false);
            return;
        }

        if (guard.Check(request, Single(form["token"])) is { } refused)
        {
            await PlainAsync(context, StatusCodes.Status403Forbidden, refused).ConfigureAwait(false);
            return;
        }

        var target = Single(form["target"]);
        var value = Single(form["value"])?.Trim();
        var modeText = Single(form["mode"]) ?? "lazy";
        if (target is not ("path" or "tag") || string.IsNullOrEmpty(value) || value.Length > MaxValueLength || modeText is not ("lazy" or "eager"))
        {
            await PlainAsync(context, StatusCodes.Status400BadRequest, $"give target=path|tag, a value of 1 to {MaxValueLength} characters and mode=lazy|eager").ConfigureAwait(false);
            return;
        }

        var mode = modeText == "eager" ? RevalidationMode.Eager : RevalidationMode.Lazy;
        RevalidationReport report;
        try
        {
            report = target == "path"
                ? await revalidator.RevalidatePathAsync(value, mode, context.RequestAborted).ConfigureAwait(false)
                : await revalidator.RevalidateTagAsync(value, mode, context.RequestAborted).ConfigureAwait(false);
        }
        catch (PageStoreUnavailableException)
        {
            Unavailable(context.Response);
            await PlainAsync(context, StatusCodes.Status503ServiceUnavailable, "the page store is unavailable: nothing was revalidated, retry later").ConfigureAwait(false);
            return;
        }

        var outcomes = report.Pages.GroupBy(page => page.Outcome).Select(group => $"{group.Count()} {group.Key}");
        var summary = $"Revalidated {target} {value} ({modeText}): " + (report.Pages.Count == 0 ? "no stored page" : string.Join(", ", outcomes));
        if (summary.Length > 500)
        {
            summary = summary[..497] + "...";
        }

        // Post/redirect/get: reloading the page afterwards does not post again.
        context.Response.StatusCode = StatusCodes.Status303SeeOther;
        context.Response.Headers.Location = request.PathBase + basePath + "?done=" + Uri.EscapeDataString(summary);
    }

    private static void Unavailable(HttpResponse response)
    {
        response.StatusCode = StatusCodes.Status503ServiceUnavailable;
        response.Headers.RetryAfter = RetryAfterSeconds.ToString(CultureInfo.InvariantCulture);
    }

    private static string? Single(StringValues values) => values.Count == 1 ? values[0] : null;

    private static Task PlainAsync(HttpContext context, int status, string message)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/plain; charset=utf-8";
        return context.Response.WriteAsync(message + "\n", context.RequestAborted);
    }

    /// <summary>Never cached, never framed, nothing executes even if something slipped past encoding.</summary>
    private static void SecureHeaders(HttpResponse response)
    {
        var headers = response.Headers;
        headers.CacheControl = "no-store";
        headers.XContentTypeOptions = "nosniff";
        headers.XFrameOptions = "DENY";
        headers["Referrer-Policy"] = "no-referrer";
        headers.ContentSecurityPolicy = "default-src 'none'; style-src 'unsafe-inline'; img-src data:; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }
}
