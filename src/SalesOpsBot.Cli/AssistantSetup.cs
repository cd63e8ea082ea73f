using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Conversation.Routing;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.Warehouse.Querying;

namespace SalesOpsBot.Cli;

/// <summary>Builds the assistant the CLI talks to: the same engine as the bot, over the --db warehouse.</summary>
internal static class AssistantSetup
{
    /// <summary>Conversation state lives next to the embedded warehouse unless SALESOPS_STATE names a SQLite file.</summary>
    public static SalesAssistant Create(CliContext context, TimeProvider time)
    {
        var statePath = Environment.GetEnvironmentVariable("SALESOPS_STATE") ?? "salesops-state.db";
        var state = new SqliteConversationStateStore($"Data Source={statePath}", time, TimeSpan.FromHours(8));
        var aliases = VocabularyLoader.LoadAliases(Environment.GetEnvironmentVariable("SALESOPS_ALIASES"));
        return new SalesAssistant(new SqlRunner(context.Connect()), context.Calendar, state, aliases, new QuestionRouter());
    }
}
