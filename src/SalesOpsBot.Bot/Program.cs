using SalesOpsBot.Bot.Hosting;

// The Bot Framework host: `dotnet run --project src/SalesOpsBot.Bot` serves http://localhost:3978 with zero configuration.
var app = BotHost.Build(args);

// A fresh clone has no warehouse yet: the embedded demo warehouse is created on first start.
await app.EnsureDemoWarehouseAsync();
await app.RunAsync();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
