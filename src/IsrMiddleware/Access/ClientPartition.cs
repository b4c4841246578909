using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Http;

namespace IsrMiddleware.Access;

/// <summary>
/// The client a limit counts against: the address the app trusts (<see cref="ConnectionInfo.RemoteIpAddress"/>, which
/// <c>UseForwardedHeaders</c> sets from a known proxy's <c>X-Forwarded-For</c>). An IPv4 address is one client; an
/// IPv6 address counts with its /64 network, the smallest block a host is usually given.
/// </summary>
internal static class ClientPartition
{
    public const string Unknown = "unknown";

    public static string Of(HttpContext context) => Of(context.Connection.RemoteIpAddress);

    public static string Of(IPAddress? address)
    {
        if (address is null)
        {
            return Unknown;
        }

        if (address.IsIPv4MappedToIPv6)
        {
            address = address.MapToIPv4();
        }

        if (address.AddressFamily != AddressFamily.InterNetworkV6)
        {
            return address.ToString();
        }

        Span<byte> bytes = stackalloc byte[16];
        address.TryWriteBytes(bytes, out _);
        bytes[8..].Clear();
        return new IPAddress(bytes).ToString() + "/64";
    }
}
