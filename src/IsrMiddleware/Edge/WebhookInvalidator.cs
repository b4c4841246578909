using System.Net.Http.Json;

namespace IsrMiddleware.Edge;

/// <summary>
/// POSTs each batch as JSON (<c>{"surrogateKeys": [...], "paths": [...]}</c>) to one URL. Any answer but 2xx fails the
/// call, which is then retried.
/// </summary>
internal sealed class WebhookInvalidator(IHttpClientFactory clients, Uri url, WebhookInvalidatorOptions options) : IEdgeInvalidator
{
    public Uri Url { get; } = url;

    public async Task InvalidateAsync(EdgeInvalidation invalidation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invalidation);
        var client = clients.CreateClient(EdgeServices.HttpClientName);
        var body = new WebhookBody([.. invalidation.SurrogateKeys], [.. invalidation.Paths]);
        using var request = new HttpRequestMessage(HttpMethod.Post, Url)
        {
            Content = JsonContent.Create(body, EdgeJsonContext.Default.WebhookBody),
        };
        foreach (var (name, value) in options.Headers)
        {
            request.Headers.TryAddWithoutValidation(name, value);
        }

        using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
        if (!response.IsSuccessStatusCode)
        {
            // The query is left out: it may hold a token, and this message is logged.
            throw new HttpRequestException($"Webhook {Url.GetLeftPart(UriPartial.Path)} answered {(int)response.StatusCode} {response.ReasonPhrase}", null, response.StatusCode);
        }
    }
}
