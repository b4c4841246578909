using System.Net;
using System.Text.Json;
using System.Text.RegularExpressions;

namespace IsrMiddleware.Tests.Status;

/// <summary>Reads the status page's JSON twin and posts its forms, as a browser on the same origin would.</summary>
internal static partial class StatusClient
{
    public static async Task<JsonElement> JsonAsync(HttpClient client, string query = "")
    {
        var response = await client.GetAsync("/_isr/status.json" + query);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        return JsonDocument.Parse(await response.Content.ReadAsStringAsync()).RootElement;
    }

    public static JsonElement Page(JsonElement status, string path) =>
        status.GetProperty("pages").EnumerateArray().Single(page => page.GetProperty("path").GetString() == path);

    public static string StateOf(JsonElement status, string path) => Page(status, path).GetProperty("state").GetString()!;

    public static string[] Paths(JsonElement status) =>
        [.. status.GetProperty("pages").EnumerateArray().Select(page => page.GetProperty("path").GetString()!)];

    /// <summary>The token the page's forms carry.</summary>
    public static async Task<string> TokenAsync(HttpClient client)
    {
        var html = await client.GetStringAsync("/_isr");
        return Token().Match(html).Groups[1].Value;
    }

    public static HttpRequestMessage Revalidate(string target, string value, string? token, string mode = "lazy") => new(HttpMethod.Post, "/_isr/revalidate")
    {
        Content = new FormUrlEncodedContent(new Dictionary<string, string>
        {
            ["target"] = target,
            ["value"] = value,
            ["mode"] = mode,
            ["token"] = token ?? string.Empty,
        }),
    };

    [GeneratedRegex("name=\"token\" value=\"([A-Za-z0-9_-]+)\"")]
    private static partial Regex Token();
}
