using System.CommandLine;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Llm;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Caching;
using SalesOpsBot.Warehouse.Access;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli;

/// <summary>Builds the assistant the CLI talks to: the same engine as the bot, over the --db warehouse.</summary>
internal static class AssistantSetup
{
    /// <summary>Conversation state lives in salesops-state.db unless SALESOPS_STATE names another app-state store (Data Source=FILE, postgres:…, sqlserver:…).</summary>
    /// <summary>With a language model configured (docs/llm.md), the model chooses the analyses and writes the narrative; otherwise the router answers.</summary>
    public static readonly Option<string?> AccessOption = new("--access")
    {
        Description = $"A JSON file of access rules, used while the warehouse's user_access table is absent or empty (env {ConfiguredAccessRules.FileVariable}; docs/security.md).",
        Recursive = true,
    };

    public static ISalesAssistant Create(CliContext context, TimeProvider time, ParseResult? parse = null, bool cache = true, bool useDerivedTables = true)
    {
        var connections = context.Connect();
        var runner = new SqlRunner(connections, cache ? QueryResultCache.For(connections, time) : null) { UseDerivedTables = useDerivedTables };
        var appState = AppStateDatabase.Parse(Environment.GetEnvironmentVariable("SALESOPS_STATE") ?? "Data Source=salesops-state.db");
        var state = new ConversationStateStore(appState, time, TimeSpan.FromHours(8));
        var subscriptions = new DigestSubscriptionService(new SubscriptionStore(appState, time));
        var aliases = VocabularyLoader.LoadAliases(Environment.GetEnvironmentVariable("SALESOPS_ALIASES"));
        var assistant = new SalesAssistant(runner, context.Calendar, state, aliases, new QuestionRouter(), subscriptions, Access(runner, parse));
        var model = LlmSettings.FromEnvironment();
        return model.IsEnabled ? new LlmSalesAssistant(assistant, model) : assistant;
    }

    /// <summary>The access resolver of every CLI command: the warehouse's user_access, else the --access rules.</summary>
    public static AccessResolver Access(SqlRunner runner, ParseResult? parse) => new(runner, LoadAccessRules(parse));

    private static ConfiguredAccessRules LoadAccessRules(ParseResult? parse)
    {
        var file = parse?.GetValue(AccessOption) ?? Environment.GetEnvironmentVariable(ConfiguredAccessRules.FileVariable);
        try
        {
            return string.IsNullOrWhiteSpace(file) ? ConfiguredAccessRules.Empty : ConfiguredAccessRules.LoadFile(file);
        }
        catch (AccessConfigurationException exception)
        {
            throw new UserErrorException(exception.Message.ReplaceLineEndings(" "));
        }
    }
}
