using System.CommandLine;
using System.Text.Json;
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Cards;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Content;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Storage;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Contract;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Insights;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli.Commands;

/// <summary>
/// <c>salesops digest preview --as P [--subscription ID | --scope TERRITORY] [--json]</c> prints a digest (text, or the Adaptive
/// Card JSON the bot would post); <c>salesops digest run --once</c> delivers what is due through the bot's connector, with the
/// bot's own registrations (so the CLI references the Bot project rather than re-implementing the connector).
/// </summary>
internal static class DigestCommand
{
    private const string DefaultState = "Data Source=salesopsbot-bot.db";

    public static Command Create(TimeProvider time)
    {
        var digest = new Command("digest", "Preview scheduled digests, or deliver the due ones once.");
        var state = new Option<string?>("--state")
        {
            Description = "The app-state store with the subscriptions (env Digests__StateConnectionString or Bot__StateConnectionString; default the bot's SQLite file).",
            Recursive = true,
        };
        digest.Options.Add(state);

        var subscription = new Option<string?>("--subscription") { Description = "Preview this subscription (its owner's scope, territory and kind)." };
        var scope = new Option<string?>("--scope") { Description = "Narrow the digest to this territory id (never wider than --as may see)." };
        var json = new Option<bool>("--json") { Description = "Print the Adaptive Card JSON the bot would post." };
        var preview = new Command("preview", "Compose a digest under --as's access and print it.") { subscription, scope, json };
        preview.SetAction(time, async (context, parse, cancellationToken) =>
        {
            if (parse.GetValue(subscription) is not null && parse.GetValue(scope) is not null)
            {
                throw new UserErrorException("Give either --subscription or --scope, not both.");
            }

            await SeedCommand.EnsureDemoAsync(context, time, cancellationToken);
            var sql = new SqlRunner(context.Connect());
            var composer = new DigestComposer(new SalesAnalytics(sql), new PipelineQueries(sql), context.Calendar);
            DigestContent? content;
            if (parse.GetValue(subscription) is { } id)
            {
                var tables = new DigestTables(AppStateDatabase.Parse(StateConnection(parse.GetValue(state))));
                var found = await new SubscriptionStore(tables, time).GetAsync(id, cancellationToken) ?? throw new UserErrorException($"No subscription {id}.");
                // Only the owner, or an admin by their access rules, may read someone's digest.
                var caller = await AssistantSetup.Access(sql, parse).ResolveAsync(context.Principal, cancellationToken);
                if (!string.Equals(found.Principal, context.Principal, StringComparison.OrdinalIgnoreCase)
                    && !caller.Rules.Any(rule => rule.Role.Equals(ContractValues.RoleAdmin, StringComparison.OrdinalIgnoreCase)))
                {
                    throw new UserErrorException($"Subscription {id} belongs to someone else; preview it --as its owner.");
                }

                var ledger = new DeliveryLedger(tables, time, "cli-preview", TimeSpan.FromMinutes(2));
                var source = new WarehouseDigestSource(AssistantSetup.Access(sql, parse), composer, context.AsOfGiven ? context.AsOf : null);
                content = await source.ComposeAsync(found, time.GetUtcNow(), await ledger.LastSentSlotAsync(found.Id, cancellationToken), cancellationToken);
            }
            else
            {
                var access = await AssistantSetup.Access(sql, parse).ResolveAsync(context.Principal, cancellationToken);
                var scopeOfCaller = access.Denial is null ? access.Scope : AccessScope.Nothing;
                content = await composer.ComposeAsync(new DigestRequest(scopeOfCaller, parse.GetValue(scope), context.AsOf), cancellationToken);
            }

            if (content is null)
            {
                Console.WriteLine("No alert fires for this subscription now; nothing would be sent.");
            }
            else if (parse.GetValue(json))
            {
                var card = AnswerCardBuilder.Build(content.Document, CardActionStyle.Execute, CardLimits.Full);
                Console.WriteLine(JsonSerializer.Serialize(card, CardJsonContext.Default.AdaptiveCard));
            }
            else
            {
                Console.WriteLine(content.Text);
            }

            return CommandRunner.Answered;
        });
        digest.Subcommands.Add(preview);

        var once = new Option<bool>("--once") { Description = "Run one pass and exit (the only mode; the bot host runs the pass every minute).", Required = true };
        var run = new Command("run", "Deliver the digests that are due now through the bot's connector (needs the Bot:* settings).") { once };
        run.SetAction(time, async (context, parse, cancellationToken) =>
        {
            var builder = Host.CreateApplicationBuilder();
            builder.Configuration.AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Warehouse:ConnectionString"] = parse.GetValue(CliContext.DbOption) ?? Environment.GetEnvironmentVariable("SALESOPS_DB") ?? "duckdb:salesops.duckdb",
                ["Bot:StateConnectionString"] = builder.Configuration["Bot:StateConnectionString"] ?? DefaultState,
                ["Digests:StateConnectionString"] = parse.GetValue(state) ?? builder.Configuration["Digests:StateConnectionString"],
            });
            if (string.IsNullOrWhiteSpace(builder.Configuration["Bot:MicrosoftAppId"]) && !builder.Environment.IsDevelopment())
            {
                await Console.Error.WriteLineAsync(
                    "digest run needs the bot's connector settings: Bot__MicrosoftAppId, Bot__MicrosoftAppPassword and Bot__MicrosoftAppTenantId " +
                    "(or Bot__MicrosoftAppType=UserAssignedMsi), and Bot__StateConnectionString for the app-state store with the subscriptions " +
                    "and conversation references. Set them in the environment (DOTNET_ENVIRONMENT=Development allows anonymous loopback sends).");
                return CommandRunner.InternalFailure;
            }

            builder.AddBot();
            builder.AddAssistant();
            using var host = builder.Build();
            try
            {
                _ = host.Services.GetRequiredService<IOptions<BotOptions>>().Value;
            }
            catch (OptionsValidationException invalid)
            {
                await Console.Error.WriteLineAsync("The bot settings are incomplete: " + string.Join(" ", invalid.Failures));
                return CommandRunner.InternalFailure;
            }

            var runner = host.Services.GetRequiredService<DigestRunner>();
            var summary = await runner.RunDueAsync(time.GetUtcNow(), host.Services.GetRequiredService<IDigestSender>(), cancellationToken);
            Console.WriteLine($"{summary.Due} due: {summary.Sent} sent, {summary.Failed} failed, {summary.Uncertain} uncertain, {summary.Skipped} skipped, " +
                $"{summary.Deactivated} deactivated, {summary.Recovered} recovered, {summary.ClaimedElsewhere} claimed by another instance, {summary.Retrying} retrying.");
            return summary.Failed + summary.Uncertain > 0 ? CommandRunner.InternalFailure : CommandRunner.Answered;
        });
        digest.Subcommands.Add(run);
        return digest;
    }

    private static string StateConnection(string? given) =>
        given ?? Environment.GetEnvironmentVariable("Digests__StateConnectionString") ?? Environment.GetEnvironmentVariable("Bot__StateConnectionString") ?? DefaultState;
}
