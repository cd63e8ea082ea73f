namespace SalesOpsBot.Analysis.Metrics;

/// <summary>The dimensions an aggregate can be broken down by (the GROUP BY columns of the warehouse queries).</summary>
public enum Dimension
{
    /// <summary>The child of the scope's territory that the deal's territory lies under (or the territory itself at a leaf).</summary>
    Territory,

    /// <summary><c>accounts.segment</c> of the deal's account.</summary>
    Segment,

    /// <summary><c>opportunities.product_id</c> (empty string when null).</summary>
    Product,

    /// <summary><c>opportunities.type</c>.</summary>
    Type,

    /// <summary><c>opportunities.lead_source</c> (empty string when null).</summary>
    LeadSource,

    /// <summary><c>opportunities.owner_id</c>.</summary>
    Rep,
}

/// <summary>
/// Identifies one cell of an aggregate cube. A null member means the dimension is not part of the grain
/// (rolled up, as a GROUPING SETS row where GROUPING(col) = 1); all cells of one cube share the same grain.
/// </summary>
public sealed record CellKey(
    string? Territory = null,
    string? Segment = null,
    string? Product = null,
    string? Type = null,
    string? LeadSource = null,
    string? Rep = null)
{
    public static CellKey Total { get; } = new();

    public string? this[Dimension dimension] => dimension switch
    {
        Dimension.Territory => Territory,
        Dimension.Segment => Segment,
        Dimension.Product => Product,
        Dimension.Type => Type,
        Dimension.LeadSource => LeadSource,
        Dimension.Rep => Rep,
        _ => throw new ArgumentOutOfRangeException(nameof(dimension)),
    };

    /// <summary>The dimensions that are part of this cell's grain, in enum order.</summary>
    public IReadOnlyList<Dimension> Grain => [.. Enum.GetValues<Dimension>().Where(d => this[d] is not null)];

    /// <summary>This key with only <paramref name="dimensions"/> kept (a roll-up to a coarser grain).</summary>
    public CellKey Project(IReadOnlyCollection<Dimension> dimensions) => new(
        dimensions.Contains(Dimension.Territory) ? Territory : null,
        dimensions.Contains(Dimension.Segment) ? Segment : null,
        dimensions.Contains(Dimension.Product) ? Product : null,
        dimensions.Contains(Dimension.Type) ? Type : null,
        dimensions.Contains(Dimension.LeadSource) ? LeadSource : null,
        dimensions.Contains(Dimension.Rep) ? Rep : null);

    public override string ToString() =>
        Grain.Count == 0 ? "total" : string.Join(" & ", Grain.Select(d => $"{d}={this[d]}"));
}
