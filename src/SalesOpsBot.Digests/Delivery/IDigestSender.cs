using SalesOpsBot.Conversation.Answers;
using SalesOpsBot.Digests.Subscriptions;

namespace SalesOpsBot.Digests.Delivery;

/// <summary>One digest to deliver: the document (rendered as a card by the channel) and its short text fallback.</summary>
public sealed record DigestMessage(Subscription Subscription, DateTimeOffset Slot, AnswerDocument Document, string Text);

/// <summary>What the channel said. <see cref="SendOutcome.Uncertain"/> when the request may have been accepted (a timeout after sending).</summary>
public enum SendOutcome
{
    Sent,
    Failed,
    Uncertain,
}

/// <summary>
/// The channel's answer: <see cref="StatusCode"/> is its HTTP status when it answered (403 and 404 deactivate the
/// subscription); <see cref="ActivityId"/> the id it gave the posted message.
/// </summary>
public sealed record SendResult(SendOutcome Outcome, int? StatusCode = null, string? ActivityId = null, string? Detail = null)
{
    public static SendResult Delivered(string? activityId) => new(SendOutcome.Sent, 200, activityId);

    /// <summary>403 (blocked, not in the roster, disabled by admin) or 404 (conversation gone): the recipient cannot be reached.</summary>
    public bool RecipientGone => Outcome == SendOutcome.Failed && StatusCode is 403 or 404;
}

/// <summary>
/// Posts a digest to the subscription's conversation (the Bot implements it with its proactive messenger, including
/// retries of 412/429/5xx and the per-tenant pacing). An exception means the outcome is unknown and is recorded as uncertain.
/// </summary>
public interface IDigestSender
{
    Task<SendResult> SendAsync(DigestMessage message, CancellationToken cancellationToken);
}

/// <summary>Computes a subscription's digest at send time under the subscriber's own access scope.</summary>
public interface IDigestContentSource
{
    /// <summary>
    /// The digest for <paramref name="slot"/>, or null when there is nothing to send (no alert fired);
    /// <paramref name="previousSlot"/> is the last slot sent (the start of "changes since the previous digest"), null for the first.
    /// </summary>
    Task<DigestContent?> ComposeAsync(Subscription subscription, DateTimeOffset slot, DateTimeOffset? previousSlot, CancellationToken cancellationToken);
}

/// <summary>A composed digest; <see cref="AlertKeys"/> names the alerts it carries, recorded for the cool-down once it is sent.</summary>
public sealed record DigestContent(AnswerDocument Document, string Text)
{
    public IReadOnlyList<string> AlertKeys { get; init; } = [];

    /// <summary>The period's deals as the composer saw them (for the slipped/lost alert rules); not shown to anyone.</summary>
    public IReadOnlyList<TrackedDeal> TrackedDeals { get; init; } = [];

    /// <summary>For alerts: the figures to compare the next evaluation with, stored once this message is sent.</summary>
    public AlertBaseline? Baseline { get; init; }
}

/// <summary>A deal as one evaluation saw it: enough to tell later whether it slipped out of the quarter or was lost.</summary>
public sealed record TrackedDeal(string OpportunityId, string Name, decimal Amount, DateOnly CloseDate, bool IsClosed, bool IsWon);

/// <summary>What an alert evaluation compares with: the previous settled evaluation's commit call and large open deals.</summary>
public sealed record AlertBaseline(decimal? CommitCall, IReadOnlyList<TrackedDeal> LargeOpenDeals);
