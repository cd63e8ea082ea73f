using Microsoft.Playwright;
using SalesOpsBot.Bot.Tests.Infrastructure;

namespace SalesOpsBot.Bot.Tests.DirectLine;

/// <summary>
/// The local web chat in a real headless Chromium: ask, see the card, press a drill-down button, see the follow-up.
/// Needs Debian's <c>/usr/bin/chromium</c> and the Web Chat bundle copied by the Bot build; skips with the reason otherwise.
/// </summary>
public sealed class WebChatEndToEndTests
{
    private const string Chromium = "/usr/bin/chromium";

    [Fact]
    public async Task ALeaderAsksWhyEmeaMissedQ3AndDrillsIntoDach()
    {
        if (!File.Exists(Chromium))
        {
            Assert.Skip($"{Chromium} is missing: apt-get install -y chromium");
        }

        if (!File.Exists(Path.Combine(BotTestHost.BotProjectDirectory(), "wwwroot", "webchat", "webchat.js")))
        {
            Assert.Skip("The Web Chat bundle is missing: build src/SalesOpsBot.Bot with npm available.");
        }

        var answerer = new RecordingAnswerer();
        await using var bot = await BotTestHost.StartAsync(answerer);
        using var playwright = await Playwright.CreateAsync();
        await using var browser = await playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        var page = await browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1400 } });
        page.SetDefaultTimeout(30_000);

        await page.GotoAsync(bot.BaseUrl + "/?as=admin@example.com");
        await page.GetByText("Welcome to SalesOpsBot").First.WaitForAsync();
        var sendBox = page.Locator("[data-id=\"webchat-sendbox-input\"]");
        await sendBox.FillAsync("why did EMEA miss Q3?");
        await sendBox.PressAsync("Enter");

        // The answer card: headline, drivers, the chart's fallback (Web Chat has no Chart.*), deals.
        await page.GetByText("What drove it").First.WaitForAsync();
        await page.GetByText("Quota to bookings").First.WaitForAsync();
        await page.GetByText("Helios Platform Renewal").First.WaitForAsync();

        await page.GetByRole(AriaRole.Button, new PageGetByRoleOptions { Name = "Drill into DACH" }).First.ClickAsync();
        var followUp = page.GetByText("DACH booked 1.8M against 2.5M").First;
        await followUp.WaitForAsync();
        await followUp.ScrollIntoViewIfNeededAsync();

        var screenshots = Path.Combine(AppContext.BaseDirectory, "screenshots");
        Directory.CreateDirectory(screenshots);
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = Path.Combine(screenshots, "webchat-emea-drill-into-dach.png"), FullPage = true });

        Assert.Equal(["why did EMEA miss Q3?", "Drill into DACH"], answerer.Turns.Select(turn => turn.Text));
        Assert.All(answerer.Turns, turn => Assert.Equal("admin@example.com", turn.User.Email));
        Assert.Equal("followup", answerer.Turns.Last().Value!.Value.GetProperty("verb").GetString());
    }
}
