using System.Collections.Concurrent;
using SalesOpsBot.Bot.Turns;
using SalesOpsBot.Conversation.Answers;

namespace SalesOpsBot.Bot.Tests.Infrastructure;

/// <summary>Returns fixed answer documents and records every turn the bot handed to the engine.</summary>
public sealed class RecordingAnswerer(Func<TurnRequest, AnswerDocument>? respond = null) : ITurnAnswerer
{
    public ConcurrentQueue<TurnRequest> Turns { get; } = new();

    public Task<AnswerDocument> AnswerAsync(TurnRequest turn, CancellationToken cancellationToken)
    {
        Turns.Enqueue(turn);
        return Task.FromResult((respond ?? SampleAnswers.ForQuestion)(turn));
    }
}
