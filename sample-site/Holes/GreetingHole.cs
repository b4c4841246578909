using System.Text.Encodings.Web;
using IsrMiddleware;
using Microsoft.AspNetCore.Html;
using Microsoft.Extensions.Options;

namespace SampleSite.Holes;

/// <summary>
/// The <c>greeting</c> hole of every page's layout: "Signed in as NAME" for a <c>sample-user</c> cookie, else "Not
/// signed in". <c>SampleSite:GreetingDelayMs</c> delays it, to watch the cached shell arrive first.
/// </summary>
public sealed class GreetingHole(IOptionsMonitor<GreetingOptions> options, TimeProvider time) : IHoleRenderer
{
    /// <summary>The hole's name in the pages.</summary>
    public const string Name = "greeting";

    /// <summary>The cookie naming the (pretend) signed-in user.</summary>
    public const string UserCookie = "sample-user";

    /// <summary>What the hole shows without a user: also the fallback the cached shell and the static export hold.</summary>
    public const string Anonymous = "Not signed in";

    /// <inheritdoc />
    public async ValueTask<IHtmlContent> RenderAsync(HoleContext context, CancellationToken cancellationToken)
    {
        if (options.CurrentValue.GreetingDelayMs is > 0 and var delay)
        {
            await Task.Delay(TimeSpan.FromMilliseconds(delay), time, cancellationToken);
        }

        return context.HttpContext.Request.Cookies.TryGetValue(UserCookie, out var user) && !string.IsNullOrWhiteSpace(user)
            ? new HtmlString("Signed in as " + HtmlEncoder.Default.Encode(user))
            : new HtmlString(Anonymous);
    }
}
