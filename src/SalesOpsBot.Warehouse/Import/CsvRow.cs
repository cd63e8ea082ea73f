using System.Globalization;
using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Import;

/// <summary>
/// Typed access to the fields of the current CSV record by contract column, recording a
/// <c>file:line: column: reason</c> error for a missing required value or a malformed one.
/// </summary>
internal sealed class CsvRow
{
    private const int MaxTextLength = 4000;
    private readonly CsvRecordReader _csv;
    private readonly IssueLog _issues;
    private readonly int[] _fieldOf;
    private int _errorsAtStart;

    public CsvRow(CsvRecordReader csv, ContractTable table, IReadOnlyList<string> header, IssueLog issues)
    {
        _csv = csv;
        _issues = issues;
        Table = table;
        _fieldOf = table.Columns
            .Select(c => header.ToList().FindIndex(h => string.Equals(h, c.Name, StringComparison.OrdinalIgnoreCase)))
            .ToArray();
    }

    public ContractTable Table { get; }

    public string File => Table.FileName;

    public int Line => _csv.LineNumber;

    /// <summary>True when the current record produced no error so far.</summary>
    public bool IsValid => _issues.Count == _errorsAtStart;

    public void Begin() => _errorsAtStart = _issues.Count;

    public void Error(string column, string reason) => _issues.Add(File, Line, column, reason);

    public string? Text(int column)
    {
        var span = Raw(column);
        if (span.IsEmpty)
        {
            RequiredMissing(column);
            return null;
        }

        if (span.Length > MaxTextLength)
        {
            Error(Table.Columns[column].Name, $"longer than {MaxTextLength} characters");
            return null;
        }

        return span.ToString();
    }

    /// <summary>A required text column's value; "" after an error (the row is rejected anyway).</summary>
    public string Key(int column) => Text(column) ?? "";

    public DateOnly? Date(int column)
    {
        var span = Raw(column);
        if (span.IsEmpty)
        {
            RequiredMissing(column);
            return null;
        }

        if (DateOnly.TryParseExact(span, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
        {
            return date;
        }

        Error(Table.Columns[column].Name, $"'{Shorten(span)}' is not a date (YYYY-MM-DD)");
        return null;
    }

    public DateTime? Timestamp(int column)
    {
        var span = Raw(column);
        if (span.IsEmpty)
        {
            RequiredMissing(column);
            return null;
        }

        // ISO 8601 with an optional offset; no offset means UTC (the contract).
        if (span.Length >= 10 && span[4] == '-' && DateTimeOffset.TryParse(span, CultureInfo.InvariantCulture,
                DateTimeStyles.AssumeUniversal | DateTimeStyles.AllowWhiteSpaces, out var value))
        {
            return value.UtcDateTime;
        }

        Error(Table.Columns[column].Name, $"'{Shorten(span)}' is not an ISO 8601 timestamp");
        return null;
    }

    public decimal? Money(int column)
    {
        var span = Raw(column);
        if (span.IsEmpty)
        {
            RequiredMissing(column);
            return null;
        }

        if (decimal.TryParse(span, NumberStyles.AllowLeadingSign | NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var value)
            && Math.Abs(value) < 1e16m)
        {
            return Math.Round(value, 2, MidpointRounding.AwayFromZero);
        }

        Error(Table.Columns[column].Name, $"'{Shorten(span)}' is not a decimal number (use '.' and no thousands separators)");
        return null;
    }

    public bool? Boolean(int column)
    {
        var span = Raw(column);
        if (span.IsEmpty)
        {
            RequiredMissing(column);
            return null;
        }

        if (span.Equals("true", StringComparison.OrdinalIgnoreCase) || span.SequenceEqual("1"))
        {
            return true;
        }

        if (span.Equals("false", StringComparison.OrdinalIgnoreCase) || span.SequenceEqual("0"))
        {
            return false;
        }

        Error(Table.Columns[column].Name, $"'{Shorten(span)}' is not a boolean (true/false or 1/0)");
        return null;
    }

    private ReadOnlySpan<char> Raw(int column)
    {
        var field = _fieldOf[column];
        return field < 0 || field >= _csv.FieldCount ? [] : _csv.Field(field).Trim();
    }

    private bool RequiredMissing(int column)
    {
        var spec = Table.Columns[column];
        if (spec.Required)
        {
            Error(spec.Name, "required value is empty");
        }

        return spec.Required;
    }

    /// <summary>Quotes input back in messages without flooding the terminal or echoing control characters.</summary>
    private static string Shorten(ReadOnlySpan<char> value)
    {
        var text = value.Length > 40 ? string.Concat(value[..40], "…") : value.ToString();
        return string.Concat(text.Select(c => char.IsControl(c) ? '?' : c));
    }
}
