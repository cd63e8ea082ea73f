using System.Diagnostics;
using SalesOpsBot.Bot.Messages;
using SalesOpsBot.Conversation.State;
using SalesOpsBot.TestKit;

namespace SalesOpsBot.Bot.Tests.Operations;

/// <summary>The cost the shared ledger adds to each acknowledged activity (explicit: prints a figure, asserts no time).</summary>
public sealed class SharedDeduplicationBenchmark(PostgresServer postgres)
{
    [Fact(Explicit = true)]
    public async Task ClaimingAnActivityIdOnPostgres()
    {
        var token = TestContext.Current.CancellationToken;
        var ledger = new SharedActivityLedger(AppStateDatabase.Parse("postgres:" + await postgres.CreateDatabaseAsync(token)), TimeProvider.System, TimeSpan.FromMinutes(75));
        await ledger.TryClaimAsync("warm-up", "0", token);
        const int claims = 2_000;
        var elapsed = new double[claims];
        for (var i = 0; i < claims; i++)
        {
            var started = Stopwatch.GetTimestamp();
            Assert.True(await ledger.TryClaimAsync("a:bench", i.ToString(System.Globalization.CultureInfo.InvariantCulture), token));
            elapsed[i] = Stopwatch.GetElapsedTime(started).TotalMilliseconds;
        }

        var duplicate = Stopwatch.GetTimestamp();
        Assert.False(await ledger.TryClaimAsync("a:bench", "0", token));
        var duplicateMs = Stopwatch.GetElapsedTime(duplicate).TotalMilliseconds;
        Array.Sort(elapsed);
        var line = $"{DateTime.UtcNow:yyyy-MM-dd HH:mm} shared dedup claim on PostgreSQL ({claims} claims, Debug build): p50 {elapsed[claims / 2]:0.00} ms, "
            + $"p99 {elapsed[claims * 99 / 100]:0.00} ms, max {elapsed[^1]:0.00} ms; a duplicate {duplicateMs:0.00} ms";
        TestContext.Current.SendDiagnosticMessage(line);
        // The figure is appended to the test output folder, like the acknowledgement benchmark.
        await File.AppendAllTextAsync(Path.Combine(AppContext.BaseDirectory, "shared-dedup.txt"), line + Environment.NewLine, token);
    }
}
