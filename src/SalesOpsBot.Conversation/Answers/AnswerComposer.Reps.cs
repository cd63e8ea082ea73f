using System.Globalization;
using System.Text;
using SalesOpsBot.Analysis.Reps;
using SalesOpsBot.Conversation.Assistant;
using SalesOpsBot.Warehouse.Insights;

namespace SalesOpsBot.Conversation.Answers;

public static partial class AnswerComposer
{
    /// <summary>
    /// "How are my reps doing?": how many reps sit in each attainment band, the median, who is ahead and behind,
    /// how the new hires ramp (against what a ramping rep can carry) and which seats are vacant, with their quota's
    /// share of the gap.
    /// </summary>
    public static AnswerDocument RepPerformance(AnswerContext context, RepPerformanceView view)
    {
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(view);
        var report = view.Report;
        var distribution = report.Distribution;
        var text = new StringBuilder();
        var ranked = report.Reps.Where(r => !r.IsNewHire && r.Attainment is not null).ToList();
        if (view.OwnNumbersOnly && report.Reps.Count == 1 && report.Reps[0] is { } self)
        {
            text.Append(CultureInfo.InvariantCulture, $"You can see only your own numbers: {self.Name} booked {Figures.Money(self.Bookings)} against {Figures.Money(self.Quota)} in {view.Period.Label} ({Figures.Percent(self.Attainment)})");
            text.Append(self.IsNewHire ? $", {Figures.Percent(self.RampAdjustedAttainment)} of a ramping rep's {Figures.Money(self.RampedQuota)}." : ".");
        }
        else if (report.Reps.Count == 0)
        {
            text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName} has no quota-carrying reps in {view.Period.Label}.");
        }
        else
        {
            text.Append(CultureInfo.InvariantCulture, $"{view.SubjectName}, {view.Period.Label}{(view.PeriodInProgress ? " so far" : "")}: ");
            text.Append(CultureInfo.InvariantCulture, $"{distribution.Reps} ramped rep{(distribution.Reps == 1 ? "" : "s")} with quota, median attainment {Figures.Percent(distribution.Median)}, {Figures.Percent(distribution.ShareAtOrAbovePlan)} at or above plan (");
            text.Append(string.Join(", ", distribution.Buckets.Select(b => $"{b.Band}: {b.Count}"))).Append(").");
            if (ranked.Count > 1)
            {
                text.Append(CultureInfo.InvariantCulture, $" Top: {string.Join(", ", ranked.Take(3).Select(RepFigure))}. Furthest behind: {string.Join(", ", ranked.AsEnumerable().Reverse().Take(3).Select(RepFigure))}.");
            }
        }

        if (report.NewHires.Count > 0 && !view.OwnNumbersOnly)
        {
            text.Append(CultureInfo.InvariantCulture, $" {report.NewHires.Count} new hire{(report.NewHires.Count == 1 ? " is" : "s are")} ramping: ");
            text.Append(string.Join(", ", report.NewHires.Take(4).Select(h =>
                $"{h.Name} ({h.DaysSinceHire} days in, {Figures.Money(h.Bookings)} of a ramped {Figures.Money(h.RampedQuota)}, {Figures.Percent(h.RampAdjustedAttainment)})"))).Append('.');
        }

        if (report.VacantSeats.Count > 0)
        {
            var share = report.VacancyShareOfGap(view.Metrics.Gap);
            text.Append(CultureInfo.InvariantCulture, $" {report.VacantSeats.Count} vacant seat{(report.VacantSeats.Count == 1 ? "" : "s")} carried {Figures.Money(report.VacantQuota)} of quota (");
            text.Append(string.Join(", ", report.VacantSeats.Take(3).Select(v => $"{context.Vocabulary(v.TerritoryId)}, {v.Name}'s seat since {Figures.Date(v.LeftOn)}")));
            text.Append(share is { } s ? $"), {(s >= 1 ? "more than the whole" : Figures.Percent(s) + " of the")} {Figures.Money(-view.Metrics.Gap)} gap." : ").");
        }

        var behind = ranked.Count > 1 ? ranked[^1] : null;
        var followups = new List<string>();
        if (behind is not null)
        {
            followups.Add($"Show {behind.Name}'s pipeline");
        }

        if (report.NewHires.Count > 0 && report.NewHires[0] is { } hire)
        {
            followups.Add($"Show {hire.Name}'s pipeline");
        }

        followups.Add($"Why did {view.SubjectName} {(view.Metrics.Gap >= 0 ? "beat" : "miss")}?");
        text.Append(" Next, ask: \"").Append(followups[0]).Append('"');

        var caveats = new List<string>();
        if (view.OwnNumbersOnly)
        {
            caveats.Add("Your access covers your own deals only, so the team's distribution is not shown.");
        }

        if (report.NewHires.Any(h => h.QuotaIncludesRamp))
        {
            caveats.Add("New hires' quotas are already ramped in the warehouse, so ramp-adjusted attainment uses them as they are.");
        }

        return Document(context, view.Period, text.ToString()) with
        {
            Metrics = new Dictionary<string, decimal?>(Figures.MetricsOf(view.Metrics))
            {
                ["median_rep_attainment"] = Figures.Round(distribution.Median),
                ["reps_at_or_above_plan_share"] = Figures.Round(distribution.ShareAtOrAbovePlan),
                ["ramped_reps"] = distribution.Reps,
                ["new_hires"] = report.NewHires.Count,
                ["vacant_seats"] = report.VacantSeats.Count,
                ["vacant_quota"] = report.VacantQuota,
                ["vacant_quota_share_of_gap"] = Figures.Round(report.VacancyShareOfGap(view.Metrics.Gap)),
            },
            Breakdown = [.. report.Reps.Select(r => new AnswerBreakdownRow
            {
                Dimension = "rep",
                Value = r.Name,
                Bookings = r.Bookings,
                Quota = r.Quota,
                Attainment = Figures.Round(r.Attainment),
                Measures = new Dictionary<string, decimal?>
                {
                    ["won_deals"] = r.WonCount,
                    ["ramped_quota"] = r.RampedQuota,
                    ["ramp_adjusted_attainment"] = Figures.Round(r.RampAdjustedAttainment),
                    ["new_hire"] = r.IsNewHire ? 1 : 0,
                    ["days_since_hire"] = r.DaysSinceHire,
                },
            }),
            .. report.VacantSeats.Select(v => new AnswerBreakdownRow
            {
                Dimension = "vacant_seat",
                Value = $"{context.Vocabulary(v.TerritoryId)} ({v.Name}, left {Figures.Date(v.LeftOn)})",
                Quota = v.Quota,
                Measures = new Dictionary<string, decimal?> { ["vacant_days"] = v.VacantDays },
            })],
            Chart = new AnswerChart("bar", $"Reps by attainment band, {view.Period.Label}",
                [.. distribution.Buckets.Select(b => new ChartPoint(b.Band, b.Count))], ChartUnits.Count),
            Followups = followups,
            Caveats = caveats,
            Provenance = Provenance(context, ["bookings", "quota", "attainment"]),
        };
    }

    private static string RepFigure(RepResult rep) => $"{rep.Name} {Figures.Percent(rep.Attainment)} ({Figures.Money(rep.Bookings)} of {Figures.Money(rep.Quota)})";
}
