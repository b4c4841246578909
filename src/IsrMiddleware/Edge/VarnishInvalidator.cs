using System.Text;

namespace IsrMiddleware.Edge;

/// <summary>
/// Purges Varnish by surrogate key: <c>PURGE</c> to the base address with the keys in <c>xkey-softpurge</c> (or
/// <c>xkey-purge</c>), as <c>docker/varnish/default.vcl</c> expects. Keys are split over several requests so that one
/// header stays under Varnish's default limit. Any answer but 2xx fails the call.
/// </summary>
internal sealed class VarnishInvalidator(IHttpClientFactory clients, Uri baseAddress, bool softPurge) : IEdgeInvalidator
{
    internal const int MaxHeaderLength = 4000;

    private static readonly HttpMethod Purge = new("PURGE");

    public Uri BaseAddress { get; } = baseAddress;

    public async Task InvalidateAsync(EdgeInvalidation invalidation, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(invalidation);
        var client = clients.CreateClient(EdgeServices.HttpClientName);
        foreach (var keys in Join(invalidation.SurrogateKeys))
        {
            using var request = new HttpRequestMessage(Purge, BaseAddress);
            request.Headers.TryAddWithoutValidation(softPurge ? "xkey-softpurge" : "xkey-purge", keys);
            using var response = await client.SendAsync(request, HttpCompletionOption.ResponseHeadersRead, cancellationToken).ConfigureAwait(false);
            if (!response.IsSuccessStatusCode)
            {
                throw new HttpRequestException(
                    $"Varnish at {BaseAddress} answered {(int)response.StatusCode} {response.ReasonPhrase} to PURGE", null, response.StatusCode);
            }
        }
    }

    /// <summary>Space-separated runs of keys, each under <see cref="MaxHeaderLength"/> characters.</summary>
    internal static IEnumerable<string> Join(IReadOnlyList<string> keys)
    {
        var text = new StringBuilder();
        foreach (var key in keys)
        {
            if (text.Length > 0 && text.Length + 1 + key.Length > MaxHeaderLength)
            {
                yield return text.ToString();
                text.Clear();
            }

            text.Append(text.Length == 0 ? string.Empty : " ").Append(key);
        }

        if (text.Length > 0)
        {
            yield return text.ToString();
        }
    }
}
