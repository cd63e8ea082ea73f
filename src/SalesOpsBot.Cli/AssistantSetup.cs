using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Llm;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Digests.Subscriptions;
using SalesOpsBot.Warehouse.Caching;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli;

/// <summary>Builds the assistant the CLI talks to: the same engine as the bot, over the --db warehouse.</summary>
internal static class AssistantSetup
{
    /// <summary>Conversation state lives in salesops-state.db unless SALESOPS_STATE names another app-state store (Data Source=FILE, postgres:…, sqlserver:…).</summary>
    /// <summary>With a language model configured (docs/llm.md), the model chooses the analyses and writes the narrative; otherwise the router answers.</summary>
    public static ISalesAssistant Create(CliContext context, TimeProvider time, bool cache = true)
    {
        var connections = context.Connect();
        var runner = new SqlRunner(connections, cache ? QueryResultCache.For(connections, time) : null);
        var appState = AppStateDatabase.Parse(Environment.GetEnvironmentVariable("SALESOPS_STATE") ?? "Data Source=salesops-state.db");
        var state = new ConversationStateStore(appState, time, TimeSpan.FromHours(8));
        var subscriptions = new DigestSubscriptionService(new SubscriptionStore(appState, time));
        var aliases = VocabularyLoader.LoadAliases(Environment.GetEnvironmentVariable("SALESOPS_ALIASES"));
        var assistant = new SalesAssistant(runner, context.Calendar, state, aliases, new QuestionRouter(), subscriptions);
        var model = LlmSettings.FromEnvironment();
        return model.IsEnabled ? new LlmSalesAssistant(assistant, model) : assistant;
    }
}
