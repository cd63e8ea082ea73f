using System.Collections.Concurrent;
using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Digests.Delivery;
using SalesOpsBot.Digests.Subscriptions;

namespace SalesOpsBot.Digests.Tests.Delivery;

/// <summary>A channel that records what it was asked to post and answers what the test scripts.</summary>
public sealed class RecordingSender(Func<DigestMessage, SendResult>? answer = null) : IDigestSender
{
    public ConcurrentQueue<DigestMessage> Posted { get; } = new();

    public Task<SendResult> SendAsync(DigestMessage message, CancellationToken cancellationToken)
    {
        var result = answer?.Invoke(message) ?? SendResult.Delivered($"activity-{Guid.NewGuid():N}");
        if (result.Outcome != SendOutcome.Failed)
        {
            Posted.Enqueue(message);
        }

        return Task.FromResult(result);
    }
}

/// <summary>Content that names the subscription and slot, so a test can tell messages apart; optional hook runs first.</summary>
public sealed class FixedContent(Action<Subscription>? beforeCompose = null) : IDigestContentSource
{
    public ConcurrentQueue<(string SubscriptionId, DateTimeOffset? PreviousSlot)> Composed { get; } = new();

    public Task<DigestContent?> ComposeAsync(Subscription subscription, DateTimeOffset slot, DateTimeOffset? previousSlot, CancellationToken cancellationToken)
    {
        beforeCompose?.Invoke(subscription);
        Composed.Enqueue((subscription.Id, previousSlot));
        var document = new AnswerDocument { Question = "digest", Intent = "digest", Answer = $"{subscription.Id} {slot:o}" };
        return Task.FromResult<DigestContent?>(new DigestContent(document, document.Answer));
    }
}
