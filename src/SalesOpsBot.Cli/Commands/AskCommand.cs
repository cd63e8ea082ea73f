using System.CommandLine;

namespace SalesOpsBot.Cli.Commands;

/// <summary><c>salesops ask "QUESTION" [--json] [--show-sql] [--chart FILE.png]</c>: answer one question.</summary>
internal static class AskCommand
{
    public static Command Create(TimeProvider time)
    {
        var question = new Argument<string>("question") { Description = "The question, in your own words." };
        var json = new Option<bool>("--json") { Description = "Print the answer document as JSON." };
        var showSql = new Option<bool>("--show-sql") { Description = "Also print the SQL statements that ran, with their parameters." };
        var chart = new Option<FileInfo?>("--chart") { Description = "Write the answer's chart (bridge waterfall, breakdown bars or trend line) to this PNG file." };
        var command = new Command("ask", "Answer one question from the warehouse.") { question, json, showSql, chart };
        command.SetAction(time, async (context, parse, cancellationToken) =>
        {
            await SeedCommand.EnsureDemoAsync(context, time, cancellationToken);
            var assistant = AssistantSetup.Create(context, time, parse);
            var sql = parse.GetValue(showSql);
            var turn = new Conversation.Assistant.AssistantTurn(parse.GetValue(question) ?? "", context.Principal, $"cli-ask-{Guid.NewGuid():N}", context.AsOf, sql);
            var answer = await assistant.AnswerAsync(turn, cancellationToken);
            if (parse.GetValue(json))
            {
                Console.WriteLine(AnswerPrinter.ToJson(answer));
            }
            else
            {
                AnswerPrinter.Print(answer, sql);
            }

            if (parse.GetValue(chart) is { } file)
            {
                if (answer.Chart is not { Points.Count: > 0 } picture)
                {
                    await Console.Error.WriteLineAsync("This answer has no chart; no file written.");
                }
                else
                {
                    await File.WriteAllBytesAsync(file.FullName, Conversation.Charts.ChartRenderer.RenderPng(picture), cancellationToken);
                    await Console.Error.WriteLineAsync($"Chart written to {file.FullName}.");
                }
            }

            return CommandRunner.Answered;
        });
        return command;
    }
}
