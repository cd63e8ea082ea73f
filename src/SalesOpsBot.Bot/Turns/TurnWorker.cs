using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Connector;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Protocol;

namespace SalesOpsBot.Bot.Turns;

/// <summary>
/// Runs <see cref="BotOptions.TurnWorkers"/> loops that answer queued turns, one DI scope per turn. On shutdown the
/// inbox closes (new activities get 503, so the channel redelivers to another instance) and the workers drain the
/// queue: turns in flight and queued finish until the drain deadline (<see cref="BotOptions.ShutdownTimeout"/> minus a
/// margin for the host's own stop); turns still waiting then get a short "restarting, please ask again" message.
/// </summary>
public sealed class TurnWorker(
    TurnInbox queue,
    IServiceScopeFactory scopes,
    IOptions<BotOptions> options,
    IHostApplicationLifetime lifetime,
    TimeProvider time,
    ILogger<TurnWorker> logger) : IHostedService, IDisposable
{
    public const string RestartingText = "I'm restarting and couldn't answer that. Please ask again in a moment.";

    private readonly CancellationTokenSource _drainDeadline = new();
    private Task _loops = Task.CompletedTask;
    private CancellationTokenRegistration _stopping;

    public Task StartAsync(CancellationToken cancellationToken)
    {
        // Closing at ApplicationStopping (before any hosted service stops) refuses new turns while Kestrel still answers.
        _stopping = lifetime.ApplicationStopping.Register(BeginDrain);
        _loops = Task.WhenAll(Enumerable.Range(0, options.Value.TurnWorkers).Select(_ => Task.Run(RunLoopAsync, CancellationToken.None)));
        return Task.CompletedTask;
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        BeginDrain();
        // The host's token fires at its ShutdownTimeout; whatever is left then is abandoned by the host anyway.
        await _loops.WaitAsync(cancellationToken).ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
    }

    public void Dispose()
    {
        _stopping.Dispose();
        _drainDeadline.Dispose();
    }

    /// <summary>The time answers may still take once shutdown starts: the host's timeout minus a margin for the apologies.</summary>
    public static TimeSpan DrainBudget(TimeSpan shutdownTimeout) =>
        shutdownTimeout - TimeSpan.FromTicks(Math.Min(TimeSpan.FromSeconds(5).Ticks, shutdownTimeout.Ticks / 4));

    private void BeginDrain()
    {
        if (queue.IsClosed)
        {
            return;
        }

        logger.LogInformation("Shutting down: no new turns; {Pending} queued turn(s) drain", queue.Pending);
        queue.Close();
        try
        {
            _drainDeadline.CancelAfter(DrainBudget(options.Value.ShutdownTimeout));
        }
        catch (ObjectDisposedException)
        {
            // Stopped already.
        }
    }

    private async Task RunLoopAsync()
    {
        // The reader ends when the inbox is closed and empty, so queued turns are answered before the loop returns.
        await foreach (var turn in queue.Reader.ReadAllAsync(CancellationToken.None))
        {
            if (_drainDeadline.IsCancellationRequested)
            {
                await ApologiseAsync(turn);
                continue;
            }

            try
            {
                await using var scope = scopes.CreateAsyncScope();
                await scope.ServiceProvider.GetRequiredService<TurnProcessor>().ProcessAsync(turn, _drainDeadline.Token);
            }
            catch (OperationCanceledException) when (_drainDeadline.IsCancellationRequested)
            {
                await ApologiseAsync(turn);
            }
            catch (Exception exception)
            {
                // The exception type only at Error: messages of engine and database exceptions can quote data.
                logger.LogError("Turn {ActivityType} in {ChannelId} failed: {ErrorType}", turn.Activity.Type, turn.Activity.ChannelId, exception.GetType().Name);
                logger.LogDebug(exception, "Turn failure detail");
            }
        }
    }

    /// <summary>A turn the shutdown cut short: tell the user instead of leaving the question unanswered.</summary>
    private async Task ApologiseAsync(InboundTurn turn)
    {
        if (turn.Activity.Type is not (ActivityTypes.Message or ActivityTypes.Invoke) || turn.Activity.ServiceUrl is null)
        {
            return;
        }

        try
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(3), time);
            await using var scope = scopes.CreateAsyncScope();
            var reply = TurnProcessor.ReplyTemplate(turn.Activity);
            if (turn.Activity.Type == ActivityTypes.Invoke)
            {
                reply = reply with { ReplyToId = turn.Activity.ReplyToId };
            }

            await scope.ServiceProvider.GetRequiredService<ConnectorClient>().ReplyToActivityAsync(
                reply with { Text = RestartingText, TextFormat = "plain" }, timeout.Token);
            logger.LogInformation("Turn in {ChannelId} handed back: shutting down", turn.Activity.ChannelId);
        }
        catch (Exception exception) when (exception is OperationCanceledException or HttpRequestException or ConnectorException)
        {
            logger.LogWarning("Could not hand back a turn during shutdown: {Reason}", exception.GetType().Name);
        }
    }
}
