using Microsoft.Playwright;

namespace IsrMiddleware.Tests.Browser;

/// <summary>
/// One headless Chromium for the browser tests: the Debian <c>chromium</c> package (which <c>.ci/run</c> installs)
/// driven by Playwright's driver from the NuGet package; Playwright's own browser download is never used.
/// <c>ISR_CHROMIUM</c> overrides the executable path.
/// </summary>
public sealed class ChromiumFixture : IAsyncLifetime
{
    private const string DefaultExecutablePath = "/usr/bin/chromium";

    private IPlaywright? _playwright;
    private IBrowser? _browser;

    /// <summary>The launched browser; create a context per test (<c>Browser.NewContextAsync()</c>) and dispose it.</summary>
    public IBrowser Browser => _browser ?? throw new InvalidOperationException("The browser is not launched yet.");

    public async Task InitializeAsync()
    {
        var executablePath = Environment.GetEnvironmentVariable("ISR_CHROMIUM") is { Length: > 0 } configured ? configured : DefaultExecutablePath;
        if (!File.Exists(executablePath))
        {
            throw new InvalidOperationException(
                $"No Chromium at {executablePath}: install the Debian package (apt-get install -y chromium) or set ISR_CHROMIUM to a Chromium executable.");
        }

        _playwright = await Playwright.CreateAsync();
        _browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = executablePath,
            Headless = true,
            Timeout = 120_000,
            Args =
            [
                "--no-sandbox",
                "--headless",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        });
    }

    public async Task DisposeAsync()
    {
        if (_browser is not null)
        {
            await _browser.DisposeAsync();
        }

        _playwright?.Dispose();
    }
}
