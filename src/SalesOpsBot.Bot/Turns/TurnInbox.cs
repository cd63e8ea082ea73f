using System.Threading.Channels;
using Microsoft.Extensions.Options;
using SalesOpsBot.Bot.Hosting;
using SalesOpsBot.Bot.Protocol;

namespace SalesOpsBot.Bot.Turns;

/// <summary>An accepted inbound activity waiting to be answered through the connector.</summary>
/// <param name="Activity">The activity as accepted (authenticated, or stamped by the local channel).</param>
/// <param name="FromLocalWebChat">Came through the in-process Direct Line, whose user was picked server-side.</param>
public sealed record InboundTurn(Activity Activity, bool FromLocalWebChat);

/// <summary>Bounded hand-off between the fast HTTP acknowledgement and the background answering.</summary>
public sealed class TurnInbox(IOptions<BotOptions> options)
{
    private readonly Channel<InboundTurn> _channel = Channel.CreateBounded<InboundTurn>(new BoundedChannelOptions(options.Value.TurnQueueCapacity)
    {
        FullMode = BoundedChannelFullMode.Wait,
        SingleWriter = false,
        SingleReader = false,
    });

    public bool TryEnqueue(InboundTurn turn) => _channel.Writer.TryWrite(turn);

    public ChannelReader<InboundTurn> Reader => _channel.Reader;
}

/// <summary>Runs <see cref="BotOptions.TurnWorkers"/> loops that answer queued turns, one DI scope per turn.</summary>
public sealed class TurnWorker(TurnInbox queue, IServiceScopeFactory scopes, IOptions<BotOptions> options, ILogger<TurnWorker> logger) : BackgroundService
{
    protected override Task ExecuteAsync(CancellationToken stoppingToken) =>
        Task.WhenAll(Enumerable.Range(0, options.Value.TurnWorkers).Select(_ => RunLoopAsync(stoppingToken)));

    private async Task RunLoopAsync(CancellationToken stoppingToken)
    {
        try
        {
            await foreach (var turn in queue.Reader.ReadAllAsync(stoppingToken))
            {
                try
                {
                    await using var scope = scopes.CreateAsyncScope();
                    await scope.ServiceProvider.GetRequiredService<TurnProcessor>().ProcessAsync(turn, stoppingToken);
                }
                catch (Exception exception) when (exception is not OperationCanceledException || !stoppingToken.IsCancellationRequested)
                {
                    logger.LogError(exception, "Turn {ActivityType} in {ChannelId} failed", turn.Activity.Type, turn.Activity.ChannelId);
                }
            }
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            // Shutting down.
        }
    }
}
