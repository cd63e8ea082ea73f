namespace SalesOpsBot.Warehouse.Insights;

/// <summary>Optional filters a question adds to its scope ("only Enterprise", "for Analytics", "new business").</summary>
public sealed record DealFilters(string? Segment = null, string? ProductId = null, string? Type = null, string? LeadSource = null)
{
    public static DealFilters None { get; } = new();

    public bool IsEmpty => Segment is null && ProductId is null && Type is null && LeadSource is null;
}
