using System.CommandLine;
using SalesOpsBot.Conversation.Assistant;

namespace SalesOpsBot.Cli.Commands;

/// <summary><c>salesops chat</c>: an interactive conversation with follow-ups (the bot's engine and state).</summary>
internal static class ChatCommand
{
    public static Command Create(TimeProvider time)
    {
        var command = new Command("chat", "Talk to the assistant; follow-ups such as \"and APAC?\" keep the thread. Empty line or 'exit' ends.");
        command.SetAction(time, async (context, parse, cancellationToken) =>
        {
            await SeedCommand.EnsureDemoAsync(context, time, cancellationToken);
            var assistant = AssistantSetup.Create(context, time, parse);
            var conversation = $"cli-chat-{Guid.NewGuid():N}";
            Console.WriteLine($"SalesOpsBot as {context.Principal}, as of {context.AsOf:yyyy-MM-dd}. Ask a question (empty line to quit).");
            while (!cancellationToken.IsCancellationRequested)
            {
                Console.Write("> ");
                var line = await Console.In.ReadLineAsync(cancellationToken);
                if (line is null || line.Trim().Length == 0 || line.Trim() is "exit" or "quit")
                {
                    break;
                }

                var answer = await assistant.AnswerAsync(new AssistantTurn(line, context.Principal, conversation, context.AsOf), cancellationToken);
                AnswerPrinter.Print(answer, showSql: answer.Provenance.Sql.Count > 0);
                Console.WriteLine();
            }

            return CommandRunner.Answered;
        });
        return command;
    }
}
