using Microsoft.Playwright;
using SalesOpsBot.Bot.Tests.Infrastructure;
using SalesOpsBot.Warehouse.Connections;
using SalesOpsBot.Warehouse.Seeding;

namespace SalesOpsBot.Bot.Tests.DirectLine;

/// <summary>
/// The bot host with the real conversation engine over a demo DuckDB warehouse seeded once (as of today, like a
/// fresh clone) and one headless Chromium, shared by the browser tests of a class. Without Debian's Chromium or the
/// Web Chat bundle nothing is started and <see cref="SkipReason"/> says why.
/// </summary>
public sealed class DemoWebChat : IAsyncLifetime
{
    private const string Chromium = "/usr/bin/chromium";

    private readonly string _warehouseFile = Path.Combine(Path.GetTempPath(), $"salesops-webchat-{Guid.NewGuid():N}.duckdb");
    private IPlaywright? _playwright;

    public string? SkipReason { get; private set; }
    public BotTestHost Bot { get; private set; } = null!;
    public IBrowser Browser { get; private set; } = null!;
    public SeedStories Stories { get; private set; } = null!;

    /// <summary>Screenshots go to <c>screenshots/</c> in the test output folder.</summary>
    public static string ScreenshotFolder { get; } = Path.Combine(AppContext.BaseDirectory, "screenshots");

    public async ValueTask InitializeAsync()
    {
        SkipReason = !File.Exists(Chromium)
            ? $"{Chromium} is missing: apt-get install -y chromium"
            : !File.Exists(Path.Combine(BotTestHost.BotProjectDirectory(), "wwwroot", "webchat", "webchat.js"))
                ? "The Web Chat bundle is missing: build src/SalesOpsBot.Bot with npm available."
                : null;
        if (SkipReason is not null)
        {
            return;
        }

        var asOf = DateOnly.FromDateTime(DateTime.Now);
        var seeded = await DemoWarehouse.SeedAsync(new WarehouseLocation(WarehouseDialect.DuckDb, _warehouseFile),
            new SeedOptions(SeedOptions.DefaultOpportunities, SeedOptions.DefaultSeed, asOf), null, CancellationToken.None);
        Stories = seeded.Stories;
        Bot = await BotTestHost.StartAsync(answerer: null, settings: new Dictionary<string, string> { ["Warehouse:ConnectionString"] = $"duckdb:{_warehouseFile}" });
        _playwright = await Playwright.CreateAsync();
        Browser = await _playwright.Chromium.LaunchAsync(new BrowserTypeLaunchOptions
        {
            ExecutablePath = Chromium,
            Headless = true,
            Args = ["--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking", "--disable-component-update", "--disable-sync"],
        });
        Directory.CreateDirectory(ScreenshotFolder);
    }

    /// <summary>A new page with the local web chat open as <paramref name="user"/>, the welcome shown.</summary>
    public async Task<IPage> OpenChatAsync(string user)
    {
        var page = await Browser.NewPageAsync(new BrowserNewPageOptions { ViewportSize = new ViewportSize { Width = 1100, Height = 1400 } });
        // The real engine over 50,000 deals on a shared 2-core machine: allow for a slow first answer.
        page.SetDefaultTimeout(60_000);
        await page.GotoAsync($"{Bot.BaseUrl}/?as={Uri.EscapeDataString(user)}");
        await page.GetByText("Welcome to SalesOpsBot").First.WaitForAsync();
        return page;
    }

    /// <summary>Types <paramref name="question"/> and returns the card that will answer it (the welcome is a card too).</summary>
    public static async Task<ILocator> AskAsync(IPage page, string question)
    {
        var next = NextCard(page, await Cards(page).CountAsync());
        var sendBox = page.Locator("[data-id=\"webchat-sendbox-input\"]");
        await sendBox.FillAsync(question);
        await sendBox.PressAsync("Enter");
        return next;
    }

    /// <summary>Presses a card button and returns the card that will answer it.</summary>
    public static async Task<ILocator> PressAsync(IPage page, ILocator card, string button)
    {
        var next = NextCard(page, await Cards(page).CountAsync());
        await card.GetByRole(AriaRole.Button, new LocatorGetByRoleOptions { Name = button, Exact = true }).ClickAsync();
        return next;
    }

    /// <summary>The cards shown so far, oldest first.</summary>
    public static ILocator Cards(IPage page) => page.Locator(".ac-adaptiveCard");

    private static ILocator NextCard(IPage page, int shown) => Cards(page).Nth(shown);

    /// <summary>Saves the whole conversation: the page is as tall as the window and the transcript scrolls inside it,
    /// so the window is first grown to the transcript's height.</summary>
    public static async Task<string> ScreenshotAsync(IPage page, string name)
    {
        var transcript = await page.EvaluateAsync<int>("() => document.querySelector('.webchat__basic-transcript__scrollable')?.scrollHeight ?? 0");
        var width = page.ViewportSize?.Width ?? 1100;
        await page.SetViewportSizeAsync(width, Math.Clamp(transcript + 160, 800, 12_000));
        await page.WaitForTimeoutAsync(300);
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await page.ScreenshotAsync(new PageScreenshotOptions { Path = path, FullPage = true });
        return path;
    }

    /// <summary>Saves one card alone, easier to read than the whole conversation.</summary>
    public static async Task<string> CardScreenshotAsync(ILocator card, string name)
    {
        var path = Path.Combine(ScreenshotFolder, name + ".png");
        await card.ScreenshotAsync(new LocatorScreenshotOptions { Path = path });
        return path;
    }

    public async ValueTask DisposeAsync()
    {
        if (_playwright is not null)
        {
            await Browser.DisposeAsync();
            _playwright.Dispose();
        }

        if (SkipReason is null)
        {
            await Bot.DisposeAsync();
        }

        Microsoft.Data.Sqlite.SqliteConnection.ClearAllPools();
        File.Delete(_warehouseFile);
        File.Delete(_warehouseFile + ".wal");
    }
}
