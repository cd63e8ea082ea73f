using System.Globalization;
using System.Text.Json;
using System.Text.Json.Serialization;
using SalesOpsBot.Conversation.Answers;
using Spectre.Console;

namespace SalesOpsBot.Cli;

/// <summary>Prints an answer document: readable text with tables where they help, or the document as JSON.</summary>
internal static class AnswerPrinter
{
    private static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        DefaultIgnoreCondition = JsonIgnoreCondition.Never,
        Encoder = System.Text.Encodings.Web.JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static string ToJson(AnswerDocument answer) => JsonSerializer.Serialize(answer, Json);

    public static void Print(AnswerDocument answer, bool showSql)
    {
        var console = AnsiConsole.Console;
        console.WriteLine(answer.Answer);
        if (answer.Clarification is { } clarification)
        {
            for (var i = 0; i < clarification.Options.Count; i++)
            {
                console.WriteLine($"  {i + 1}. {clarification.Options[i]}");
            }

            return;
        }

        if (answer.Drivers.Count > 0)
        {
            var drivers = new Table().Border(TableBorder.Simple).AddColumns("driver", "impact", "detail");
            foreach (var driver in answer.Drivers.Where(d => Math.Abs(d.Impact) >= 0.5m))
            {
                drivers.AddRow(Markup.Escape(driver.Mechanism.Replace('_', ' ')), Markup.Escape(Figures.Money(driver.Impact)), Markup.Escape(driver.Detail));
            }

            console.Write(drivers);
        }

        if (answer.Breakdown.Count > 0 && answer.Breakdown.Any(b => b.Bookings is not null))
        {
            var table = new Table().Border(TableBorder.Simple).AddColumns(answer.Breakdown[0].Dimension, "bookings", "quota", "attainment");
            table.Columns[1].RightAligned();
            table.Columns[2].RightAligned();
            table.Columns[3].RightAligned();
            foreach (var row in answer.Breakdown.Take(15))
            {
                table.AddRow(Markup.Escape(row.Value), Money(row.Bookings), Money(row.Quota),
                    row.Attainment is { } a ? Figures.Percent((double)a) : "n/a");
            }

            console.Write(table);
        }

        if (answer.Deals.Count > 0)
        {
            var deals = new Table().Border(TableBorder.Simple).AddColumns("deal", "owner", "amount", "close", "flag");
            deals.Columns[2].RightAligned();
            // Shortened rather than wrapped: one deal per line still fits an 80-column terminal.
            foreach (var column in deals.Columns)
            {
                column.NoWrap();
            }

            foreach (var deal in answer.Deals.Take(10))
            {
                deals.AddRow(Markup.Escape(Shorten(deal.Name, 28)), Markup.Escape(Shorten(deal.Owner, 16)), Money(deal.Amount),
                    deal.CloseDate.ToString("yyyy-MM-dd", CultureInfo.InvariantCulture), Markup.Escape(deal.Flag ?? ""));
            }

            console.Write(deals);
        }

        foreach (var caveat in answer.Caveats)
        {
            console.WriteLine("Note: " + caveat);
        }

        if (showSql)
        {
            foreach (var statement in answer.Provenance.Sql)
            {
                console.WriteLine();
                console.WriteLine($"-- {statement.ElapsedMs:F1} ms");
                console.WriteLine(statement.Statement);
                console.WriteLine("-- parameters: " + string.Join(", ", statement.Parameters.Select(p => $"@{p.Key} = {p.Value ?? "NULL"}")));
            }
        }
    }

    private static string Shorten(string text, int length) => text.Length <= length ? text : text[..(length - 1)] + "…";

    private static string Money(decimal? amount) => amount is { } value ? Markup.Escape(Figures.Money(value)) : "";
}
