using SalesOpsBot.Warehouse.Contract;

namespace SalesOpsBot.TestKit;

/// <summary>
/// A tiny warehouse whose every figure is checked by hand (fiscal year = calendar year; Q3 = July–September
/// 2026; as of 2026-10-15). The expected figures are listed in <see cref="Expected"/> with their working.
/// </summary>
public static class SampleSales
{
    public static readonly DateOnly AsOf = new(2026, 10, 15);
    public static readonly DateOnly Q3Start = new(2026, 7, 1);
    public static readonly DateOnly Q3End = new(2026, 9, 30);

    /// <summary>Hand-computed answers for FY2026 Q3.</summary>
    public static class Expected
    {
        // EMEA: O1 100 (DACH) + O3 200 (UK&I) won in Q3.
        public const decimal EmeaBookings = 300m;
        // NA: O5 400 + O6 80 won in Q3.
        public const decimal NaBookings = 480m;
        public const decimal GlobalBookings = 780m;
        // EMEA has its own row (650); NA has none, so it is its rep rows: Sam 500. Global = 650 + 500.
        public const decimal EmeaQuota = 650m;
        public const decimal NaQuota = 500m;
        public const decimal GlobalQuota = 1150m;
        // O4 (UK&I, 300) was due in Q3 at its start and pushed to October.
        public const decimal EmeaSlipped = 300m;
        // O6 (NA, 80) was due in November at the start of Q3 and closed won in August.
        public const decimal NaPulledIn = 80m;
        // O5 400 (created 2026-07-05) + O7 120 (created 2026-09-15).
        public const decimal GlobalPipelineCreated = 520m;
        // Won 2 (O1, O3), lost 1 (O2) among EMEA deals closed in Q3.
        public const int EmeaWon = 2;
        public const int EmeaLost = 1;
        // Open at 2026-10-15 and due in FY2026 Q4: O4 300 (due 2026-10-20) + O7 120.
        public const decimal Q4OpenPipelineAsOf = 420m;
    }

    public static void Write(IContractRowSink sink)
    {
        sink.Add(new TerritoryRow("T-GLOBAL", "Global", null, "Company"));
        sink.Add(new TerritoryRow("T-EMEA", "EMEA", "T-GLOBAL", "Region"));
        sink.Add(new TerritoryRow("T-DACH", "DACH", "T-EMEA", "Sub-region"));
        sink.Add(new TerritoryRow("T-UKI", "UK&I", "T-EMEA", "Sub-region"));
        sink.Add(new TerritoryRow("T-NA", "NA", "T-GLOBAL", "Region"));

        sink.Add(new ProductRow("P-CORE", "Core Platform", "Platform"));
        sink.Add(new AccountRow("A-1", "Bergmann Logistik", "Enterprise", "Logistics", "DE"));
        sink.Add(new AccountRow("A-2", "Harbour Foods", "SMB", "Food", "GB"));
        sink.Add(new AccountRow("A-3", "Prairie Health", "Mid-Market", "Healthcare", "US"));

        var hired = new DateOnly(2024, 1, 8);
        sink.Add(new RepRow("R-M1", "Mara Stein", "mara.stein@example.com", null, "T-EMEA", "Manager", hired, null));
        sink.Add(new RepRow("R-1", "Lena Vogel", "lena.vogel@example.com", "R-M1", "T-DACH", "AE", hired, null));
        sink.Add(new RepRow("R-2", "Alex Morgan", "alex.morgan@example.com", "R-M1", "T-UKI", "AE", hired, null));
        sink.Add(new RepRow("R-3", "Sam Ortiz", "sam.ortiz@example.com", null, "T-NA", "AE", hired, null));

        Deal(sink, "O-1", "Bergmann expansion", "A-1", "R-1", "T-DACH", "2026-05-01", 100m,
            [("2026-05-01", "Discovery", "Pipeline", "2026-08-31"), ("2026-08-10", "Closed Won", "Closed", "2026-08-10")]);
        Deal(sink, "O-2", "Bergmann analytics", "A-1", "R-1", "T-DACH", "2026-06-01", 50m,
            [("2026-06-01", "Discovery", "Pipeline", "2026-09-15"), ("2026-09-01", "Closed Lost", "Omitted", "2026-09-01")],
            lossReason: "Price");
        Deal(sink, "O-3", "Harbour renewal", "A-2", "R-2", "T-UKI", "2026-04-01", 200m,
            [("2026-04-01", "Proposal", "Commit", "2026-07-31"), ("2026-07-15", "Closed Won", "Closed", "2026-07-15")]);
        Deal(sink, "O-4", "Harbour platform", "A-2", "R-2", "T-UKI", "2026-03-01", 300m,
            [("2026-03-01", "Discovery", "Pipeline", "2026-09-20"), ("2026-09-25", "Negotiation", "Commit", "2026-10-20")]);
        Deal(sink, "O-5", "Prairie platform", "A-3", "R-3", "T-NA", "2026-07-05", 400m,
            [("2026-07-05", "Discovery", "Pipeline", "2026-09-30"), ("2026-09-30", "Closed Won", "Closed", "2026-09-30")]);
        Deal(sink, "O-6", "Prairie add-on", "A-3", "R-3", "T-NA", "2026-03-01", 80m,
            [("2026-03-01", "Discovery", "Pipeline", "2026-11-15"), ("2026-08-20", "Closed Won", "Closed", "2026-08-20")]);
        Deal(sink, "O-7", "Bergmann security", "A-1", "R-1", "T-DACH", "2026-09-15", 120m,
            [("2026-09-15", "Discovery", "Best Case", "2026-12-10")]);

        var q3 = Q3Start;
        sink.Add(new QuotaRow("T-DACH", "R-1", q3, 300m));
        sink.Add(new QuotaRow("T-UKI", "R-2", q3, 400m));
        sink.Add(new QuotaRow("T-NA", "R-3", q3, 500m));
        sink.Add(new QuotaRow("T-EMEA", null, q3, 650m));

        sink.Add(new UserAccessRow("admin@example.com", "admin", null, null));
        sink.Add(new UserAccessRow("emea.vp@example.com", "leader", "T-EMEA", null));
        sink.Add(new UserAccessRow("mara.stein@example.com", "manager", null, "R-M1"));
        sink.Add(new UserAccessRow("alex.morgan@example.com", "rep", null, "R-2"));
    }

    /// <summary>Writes a deal and its history; the last state is the deal's current state.</summary>
    private static void Deal(IContractRowSink sink, string id, string name, string account, string owner, string territory,
        string created, decimal amount, (string At, string Stage, string Category, string CloseDate)[] states, string? lossReason = null)
    {
        foreach (var (at, stage, category, closeDate) in states)
        {
            sink.Add(new OpportunityHistoryRow(id, DateOnly.Parse(at, System.Globalization.CultureInfo.InvariantCulture).ToDateTime(new TimeOnly(9, 0)),
                stage, category, amount, Date(closeDate), stage.StartsWith("Closed", StringComparison.Ordinal), stage == "Closed Won"));
        }

        var last = states[^1];
        var closed = last.Stage.StartsWith("Closed", StringComparison.Ordinal);
        sink.Add(new OpportunityRow(id, name, account, owner, territory, "P-CORE", "New Business", "Inbound",
            Date(created), Date(last.CloseDate), last.Stage, last.Category, amount, closed, last.Stage == "Closed Won", lossReason));
    }

    private static DateOnly Date(string text) => DateOnly.Parse(text, System.Globalization.CultureInfo.InvariantCulture);
}
