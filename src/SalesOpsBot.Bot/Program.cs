using SalesOpsBot.Bot.Hosting;

// The Bot Framework host: `dotnet run --project src/SalesOpsBot.Bot` serves http://localhost:3978 with zero configuration.
var app = BotHost.Build(args);
app.Run();

/// <summary>Entry point, visible to WebApplicationFactory in tests.</summary>
public partial class Program;
