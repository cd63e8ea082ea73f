using System.Text.Json;
using System.Text.RegularExpressions;

namespace SalesOpsBot.Bot.Protocol;

/// <summary>Teams-specific reading of an activity (botframework-protocol.md §1.5, §4.2).</summary>
public static class TeamsActivity
{
    /// <summary>The Entra tenant: <c>channelData.tenant.id</c>, else <c>conversation.tenantId</c>.</summary>
    public static string? TenantId(this Activity activity)
    {
        if (activity.ChannelData is { ValueKind: JsonValueKind.Object } channelData
            && channelData.TryGetProperty("tenant", out var tenant)
            && tenant.ValueKind == JsonValueKind.Object
            && tenant.TryGetProperty("id", out var id)
            && id.ValueKind == JsonValueKind.String)
        {
            return id.GetString();
        }

        return activity.Conversation?.TenantId;
    }

    /// <summary>True when one of the mention entities names the recipient (compared by id, never by name).</summary>
    public static bool MentionsRecipient(this Activity activity) =>
        RecipientMentions(activity).Any();

    /// <summary>
    /// The text without the bot's own @mentions: every <c>mention</c> entity whose <c>mentioned.id</c> is
    /// the recipient has its <c>text</c> (or <c>&lt;at&gt;name&lt;/at&gt;</c>) removed, literally and
    /// case-insensitively, then the result is trimmed (§4.2, the SDK's RemoveRecipientMention).
    /// Mentions of other people stay.
    /// </summary>
    public static string? TextWithoutRecipientMention(this Activity activity)
    {
        if (activity.Text is null)
        {
            return null;
        }

        var text = activity.Text;
        foreach (var mention in RecipientMentions(activity))
        {
            var mentionText = mention.Text ?? $"<at>{mention.Mentioned?.Name}</at>";
            text = Regex.Replace(text, Regex.Escape(mentionText), "", RegexOptions.IgnoreCase | RegexOptions.CultureInvariant, TimeSpan.FromSeconds(1));
        }

        return text.Trim();
    }

    private static IEnumerable<Entity> RecipientMentions(Activity activity)
    {
        var recipientId = activity.Recipient?.Id;
        if (string.IsNullOrEmpty(recipientId) || activity.Entities is null)
        {
            return [];
        }

        return activity.Entities.Where(entity =>
            string.Equals(entity.Type, "mention", StringComparison.OrdinalIgnoreCase)
            && string.Equals(entity.Mentioned?.Id, recipientId, StringComparison.Ordinal));
    }
}
