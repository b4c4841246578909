using System.Globalization;

namespace IsrMiddleware.BenchApp;

/// <summary>
/// AspNetStatic's method: fetch every page of a running app over HTTP and write each body to a file at the same
/// readable path the library's export uses (<c>path/index.html</c>), with bounded parallelism.
/// </summary>
internal static class HttpExport
{
    public static async Task<long> FetchAndWriteAsync(HttpClient client, Uri origin, IReadOnlyList<string> paths, string directory, int parallelism)
    {
        long bytes = 0;
        await Parallel.ForEachAsync(paths, new ParallelOptions { MaxDegreeOfParallelism = parallelism }, async (path, token) =>
        {
            using var response = await client.GetAsync(new Uri(origin, path), token).ConfigureAwait(false);
            response.EnsureSuccessStatusCode();
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            var file = Path.Combine(directory, path.Trim('/').Replace('/', Path.DirectorySeparatorChar), "index.html");
            Directory.CreateDirectory(Path.GetDirectoryName(file)!);
            await File.WriteAllBytesAsync(file, body, token).ConfigureAwait(false);
            Interlocked.Add(ref bytes, body.Length);
        }).ConfigureAwait(false);
        return bytes;
    }

    public static string Row(string way, int pages, TimeSpan time) =>
        string.Create(CultureInfo.InvariantCulture, $"| {way} | {pages} | {time.TotalSeconds:0.000} s | {pages / time.TotalSeconds:0} |");
}
