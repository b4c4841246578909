using System.Text.RegularExpressions;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.Options;

namespace IsrMiddleware.Serving;

/// <summary>Tells crawlers by their user agent, so that they get a rendered page rather than a fallback shell.</summary>
internal sealed class BotDetector(IOptions<StaticParamsOptions> options)
{
    private readonly Regex _pattern = options.Value.CreateBotRegex();

    public bool IsBot(HttpRequest request)
    {
        var userAgent = request.Headers.UserAgent.ToString();
        if (userAgent.Length == 0)
        {
            return false;
        }

        try
        {
            return _pattern.IsMatch(userAgent);
        }
        catch (RegexMatchTimeoutException)
        {
            return false;
        }
    }
}
