using System.Net;
using Microsoft.AspNetCore.Builder;

namespace IsrMiddleware.Tests.Infrastructure;

/// <summary>
/// Lets a test choose the client address a request comes from, as <c>UseForwardedHeaders</c> would set it behind a
/// trusted proxy: a first middleware copies the test header into <c>Connection.RemoteIpAddress</c>.
/// </summary>
internal static class ClientAddress
{
    public const string Header = "X-Test-Client";

    public static void Use(WebApplication app) => app.Use((context, next) =>
    {
        if (context.Request.Headers[Header] is { Count: 1 } value && IPAddress.TryParse(value.ToString(), out var address))
        {
            context.Connection.RemoteIpAddress = address;
        }

        return next(context);
    });

    public static HttpRequestMessage From(this HttpRequestMessage request, string address)
    {
        request.Headers.Add(Header, address);
        return request;
    }
}
