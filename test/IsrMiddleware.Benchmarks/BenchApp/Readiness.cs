using System.Diagnostics;
using System.Net;

namespace IsrMiddleware.BenchApp;

/// <summary>Polls <c>/healthz</c> until it answers 200 (connection errors mean "not listening yet").</summary>
internal static class Readiness
{
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    /// <summary>Returns the stopwatch's reading at the first 200.</summary>
    public static async Task<TimeSpan> WaitAsync(HttpClient client, int port, Stopwatch clock, TimeSpan limit)
    {
        var healthz = new Uri($"http://127.0.0.1:{port}/healthz");
        while (true)
        {
            try
            {
                using var response = await client.GetAsync(healthz).ConfigureAwait(false);
                if (response.StatusCode == HttpStatusCode.OK)
                {
                    return clock.Elapsed;
                }
            }
            catch (HttpRequestException)
            {
            }

            if (clock.Elapsed > limit)
            {
                throw new TimeoutException($"/healthz on port {port} did not answer 200 within {limit}.");
            }

            await Task.Delay(Interval).ConfigureAwait(false);
        }
    }

    public static int FreePort()
    {
        using var listener = new System.Net.Sockets.TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}
