namespace SalesOpsBot.Warehouse.Import;

/// <summary>One problem in the input, printed as <c>file:line: column: reason</c>.</summary>
public sealed record ImportIssue(string File, int Line, string Column, string Reason)
{
    public override string ToString() => Line > 0 ? $"{File}:{Line}: {Column}: {Reason}" : $"{File}: {Column}: {Reason}";
}

/// <summary>What an import loaded, and what it ignored.</summary>
public sealed record ImportReport(IReadOnlyDictionary<string, long> RowsByTable, IReadOnlyList<string> Warnings);

/// <summary>The input had errors; nothing was changed. <see cref="Errors"/> holds the first ones, up to the limit.</summary>
public sealed class ImportFailedException(IReadOnlyList<ImportIssue> errors, int totalErrors)
    : Exception($"Import failed with {totalErrors} error(s); the warehouse was not changed.")
{
    public IReadOnlyList<ImportIssue> Errors { get; } = errors;

    public int TotalErrors { get; } = totalErrors;
}

/// <summary>Collects errors up to a limit while counting all of them.</summary>
internal sealed class IssueLog(int limit)
{
    private readonly List<ImportIssue> _errors = [];

    public int Count { get; private set; }

    public IReadOnlyList<ImportIssue> Errors => _errors;

    public List<string> Warnings { get; } = [];

    public void Add(string file, int line, string column, string reason)
    {
        Count++;
        if (_errors.Count < limit)
        {
            _errors.Add(new ImportIssue(file, line, column, reason));
        }
    }
}
