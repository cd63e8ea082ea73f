using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.Warehouse.Seeding;

internal enum DealEventKind : byte
{
    Stage,
    Forecast,
    CloseDate,
    Amount,
    Won,
    Lost,
}

internal struct DealEvent
{
    public int Day;
    public DealEventKind Kind;

    /// <summary>Stage index (with <see cref="Forecast"/>), forecast index, or close day, by kind.</summary>
    public int Value;
    public int Forecast;
    public long Cents;
}

/// <summary>A deal's forecast-relevant state; stage and forecast are indexes into <see cref="DemoVocabulary"/>.</summary>
internal struct DealState
{
    public int Stage;
    public int Forecast;
    public long Cents;
    public int CloseDay;
    public bool IsClosed;
    public bool IsWon;
}

/// <summary>
/// Collects the changes planned for one deal, then plays those up to the as-of date into history rows.
/// The last row is, by construction, the state returned for the <c>opportunities</c> row. The rows wait in
/// a buffer until <see cref="WriteHistory"/> so a sink can receive each deal before its history.
/// One instance is reused for every deal so the hot loop allocates only the rows themselves.
/// </summary>
internal sealed class DealTimeline
{
    private const int FirstMinuteOfDay = 8 * 60;
    private const long TicksPerMinute = TimeSpan.TicksPerMinute;

    private readonly DealEvent[] _events = new DealEvent[64];
    private readonly OpportunityHistoryRow[] _rows = new OpportunityHistoryRow[65];
    private int _count;
    private int _rowCount;

    public void Clear() => _count = 0;

    public void Stage(int day, int stage, int forecast) =>
        Add(new DealEvent { Day = day, Kind = DealEventKind.Stage, Value = stage, Forecast = forecast });

    public void Forecast(int day, int forecast) =>
        Add(new DealEvent { Day = day, Kind = DealEventKind.Forecast, Value = forecast });

    public void CloseDate(int day, int closeDay) =>
        Add(new DealEvent { Day = day, Kind = DealEventKind.CloseDate, Value = closeDay });

    public void Amount(int day, long cents) => Add(new DealEvent { Day = day, Kind = DealEventKind.Amount, Cents = cents });

    public void Won(int day) => Add(new DealEvent { Day = day, Kind = DealEventKind.Won });

    public void Lost(int day) => Add(new DealEvent { Day = day, Kind = DealEventKind.Lost });

    /// <summary>
    /// Writes the creation row and every change up to <paramref name="asOfDay"/> (changes on the same day
    /// keep the order they were added in), stopping at the close. Returns the state at the as-of date.
    /// </summary>
    public DealState Play(string opportunityId, int createdDay, DealState state, int asOfDay, ref DemoRandom random)
    {
        SortByDay();
        _rowCount = 0;
        var lastTicks = DayTicks(createdDay) + (FirstMinuteOfDay + random.Next(600)) * TicksPerMinute;
        var lastDay = createdDay;
        Keep(opportunityId, lastTicks, state);
        for (var i = 0; i < _count; i++)
        {
            ref var change = ref _events[i];
            var day = Math.Max(change.Day, createdDay);
            if (day > asOfDay)
            {
                break;
            }

            var next = state;
            switch (change.Kind)
            {
                case DealEventKind.Stage:
                    next.Stage = change.Value;
                    next.Forecast = change.Forecast;
                    break;
                case DealEventKind.Forecast:
                    next.Forecast = change.Value;
                    break;
                case DealEventKind.CloseDate:
                    next.CloseDay = change.Value;
                    break;
                case DealEventKind.Amount:
                    next.Cents = change.Cents;
                    break;
                case DealEventKind.Won:
                case DealEventKind.Lost:
                    var won = change.Kind == DealEventKind.Won;
                    next.Stage = won ? DemoVocabulary.ClosedWon : DemoVocabulary.ClosedLost;
                    next.Forecast = won ? DemoVocabulary.Closed : DemoVocabulary.Omitted;
                    next.CloseDay = day;
                    next.IsClosed = true;
                    next.IsWon = won;
                    break;
            }

            if (Same(state, next))
            {
                continue;
            }

            // Later the same day, or business hours on a later day; always strictly after the previous row.
            var ticks = day == lastDay
                ? lastTicks + (1 + random.Next(90)) * TicksPerMinute
                : DayTicks(day) + (FirstMinuteOfDay + random.Next(600)) * TicksPerMinute;
            var endOfDay = DayTicks(day) + TimeSpan.TicksPerDay - TimeSpan.TicksPerSecond;
            ticks = Math.Max(Math.Min(ticks, endOfDay), lastTicks + TimeSpan.TicksPerSecond);
            lastTicks = ticks;
            lastDay = day;
            state = next;
            Keep(opportunityId, ticks, state);
            if (state.IsClosed)
            {
                break;
            }
        }

        return state;
    }

    public static decimal Money(long cents) =>
        new((int)(cents & 0xFFFFFFFF), (int)(cents >> 32), 0, false, 2);

    /// <summary>Writes the rows of the last <see cref="Play"/> and returns how many there were.</summary>
    public int WriteHistory(IContractRowSink sink)
    {
        for (var i = 0; i < _rowCount; i++)
        {
            sink.Add(_rows[i]);
        }

        return _rowCount;
    }

    private void Keep(string opportunityId, long ticks, in DealState state) =>
        _rows[_rowCount++] = new OpportunityHistoryRow(opportunityId, new DateTime(ticks, DateTimeKind.Utc),
            DemoVocabulary.Stages[state.Stage], DemoVocabulary.Forecasts[state.Forecast], Money(state.Cents),
            DateOnly.FromDayNumber(state.CloseDay), state.IsClosed, state.IsWon);

    private static long DayTicks(int day) => day * TimeSpan.TicksPerDay;

    private static bool Same(in DealState a, in DealState b) =>
        a.Stage == b.Stage && a.Forecast == b.Forecast && a.Cents == b.Cents && a.CloseDay == b.CloseDay
        && a.IsClosed == b.IsClosed && a.IsWon == b.IsWon;

    private void Add(in DealEvent change)
    {
        if (_count == _events.Length)
        {
            throw new InvalidOperationException("Too many changes planned for one deal.");
        }

        _events[_count++] = change;
    }

    // Insertion sort: a handful of events, stable so same-day changes keep their planned order.
    private void SortByDay()
    {
        for (var i = 1; i < _count; i++)
        {
            var item = _events[i];
            var j = i - 1;
            while (j >= 0 && _events[j].Day > item.Day)
            {
                _events[j + 1] = _events[j];
                j--;
            }

            _events[j + 1] = item;
        }
    }
}
