namespace SalesOpsBot.Warehouse.Import;

/// <summary>
/// Streams RFC 4180 records: quoted fields with commas, doubled quotes and line breaks, LF or CRLF line ends,
/// a UTF-8 byte-order mark. Fields are exposed as spans over one reusable buffer, so a record costs no
/// allocation until the caller keeps a value. <see cref="LineNumber"/> is the physical line a record starts on.
/// </summary>
public sealed class CsvRecordReader(TextReader reader)
{
    private readonly char[] _input = new char[1 << 16];
    private int _inputLength;
    private int _inputPosition;
    private char[] _record = new char[1024];
    private int _recordLength;
    private readonly List<(int Start, int Length)> _fields = new(32);
    private int _nextLine = 1;
    private bool _started;

    /// <summary>The physical line (1-based) on which the current record starts.</summary>
    public int LineNumber { get; private set; }

    public int FieldCount => _fields.Count;

    /// <summary>True when the current record ended inside an unterminated quoted field.</summary>
    public bool UnterminatedQuote { get; private set; }

    public ReadOnlySpan<char> Field(int index)
    {
        var (start, length) = _fields[index];
        return _record.AsSpan(start, length);
    }

    /// <summary>Reads the next record; false at the end of input. Blank lines are skipped.</summary>
    public bool Read()
    {
        while (true)
        {
            if (!ReadRecord())
            {
                return false;
            }

            if (!(_fields.Count == 1 && _fields[0].Length == 0 && !UnterminatedQuote))
            {
                return true;
            }
        }
    }

    private bool ReadRecord()
    {
        _fields.Clear();
        _recordLength = 0;
        UnterminatedQuote = false;
        LineNumber = _nextLine;
        if (!EnsureInput())
        {
            return false;
        }

        if (!_started)
        {
            _started = true;
            if (_input[_inputPosition] == '\uFEFF')
            {
                _inputPosition++;
            }
        }

        var fieldStart = 0;
        var inQuotes = false;
        var quotedField = false;
        while (true)
        {
            if (!EnsureInput())
            {
                UnterminatedQuote = inQuotes;
                _fields.Add((fieldStart, _recordLength - fieldStart));
                return true;
            }

            var c = _input[_inputPosition++];
            if (inQuotes)
            {
                if (c == '"')
                {
                    if (EnsureInput() && _input[_inputPosition] == '"')
                    {
                        _inputPosition++;
                        Append('"');
                    }
                    else
                    {
                        inQuotes = false;
                    }
                }
                else
                {
                    if (c == '\n')
                    {
                        _nextLine++;
                    }

                    Append(c);
                }

                continue;
            }

            switch (c)
            {
                case '"' when _recordLength == fieldStart && !quotedField:
                    inQuotes = true;
                    quotedField = true;
                    break;
                case ',':
                    _fields.Add((fieldStart, _recordLength - fieldStart));
                    fieldStart = _recordLength;
                    quotedField = false;
                    break;
                case '\r':
                    break;
                case '\n':
                    _nextLine++;
                    _fields.Add((fieldStart, _recordLength - fieldStart));
                    return true;
                default:
                    Append(c);
                    break;
            }
        }
    }

    private bool EnsureInput()
    {
        if (_inputPosition < _inputLength)
        {
            return true;
        }

        _inputLength = reader.Read(_input, 0, _input.Length);
        _inputPosition = 0;
        return _inputLength > 0;
    }

    private void Append(char c)
    {
        if (_recordLength == _record.Length)
        {
            Array.Resize(ref _record, _record.Length * 2);
        }

        _record[_recordLength++] = c;
    }
}
