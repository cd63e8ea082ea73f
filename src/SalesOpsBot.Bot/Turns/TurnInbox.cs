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

    private volatile bool _closed;

    /// <summary>False when the queue is full or closed for shutdown: the caller answers 503 and the channel redelivers.</summary>
    public bool TryEnqueue(InboundTurn turn) => _channel.Writer.TryWrite(turn);

    public ChannelReader<InboundTurn> Reader => _channel.Reader;

    /// <summary>Turns waiting for a worker.</summary>
    public int Pending => _channel.Reader.Count;

    public bool IsClosed => _closed;

    /// <summary>Stops accepting turns (shutdown); the workers drain what is queued.</summary>
    public void Close()
    {
        _closed = true;
        _channel.Writer.TryComplete();
    }
}
