using SalesOpsBot.Conversation.Answers;
using ScottPlot;

namespace SalesOpsBot.Conversation.Charts;

/// <summary>One bar of a chart as drawn: a waterfall's bars float from <see cref="Bottom"/> to <see cref="Top"/>.</summary>
public sealed record ChartBar(string Label, double Bottom, double Top, bool IsTotal);

/// <summary>
/// Renders an answer's chart (bridge waterfall, breakdown bars, trend line) to PNG with ScottPlot. The values are the
/// answer document's own; this only lays them out.
/// </summary>
public static class ChartRenderer
{
    /// <summary>
    /// The bars of a waterfall whose first and last points are totals (quota, bookings) and whose middle points are
    /// signed steps: each step floats from the running total before it to the running total after it.
    /// </summary>
    public static IReadOnlyList<ChartBar> Waterfall(IReadOnlyList<ChartPoint> points)
    {
        var bars = new List<ChartBar>();
        var running = 0.0;
        for (var i = 0; i < points.Count; i++)
        {
            var value = (double)points[i].Value;
            if (i == 0 || i == points.Count - 1)
            {
                bars.Add(new ChartBar(points[i].Label, 0, value, IsTotal: true));
                running = value;
            }
            else
            {
                bars.Add(new ChartBar(points[i].Label, Math.Min(running, running + value), Math.Max(running, running + value), IsTotal: false));
                running += value;
            }
        }

        return bars;
    }

    public static byte[] RenderPng(AnswerChart chart, int width = 900, int height = 500)
    {
        var plot = new Plot();
        plot.Title(chart.Title);
        var ticks = new List<Tick>();
        switch (chart.Kind)
        {
            case "line":
                var xs = Enumerable.Range(0, chart.Points.Count).Select(i => (double)i).ToArray();
                var line = plot.Add.Scatter(xs, chart.Points.Select(p => (double)p.Value).ToArray());
                line.LineWidth = 2;
                ticks.AddRange(chart.Points.Select((p, i) => new Tick(i, p.Label)));
                break;
            case "waterfall":
                var bars = Waterfall(chart.Points);
                for (var i = 0; i < bars.Count; i++)
                {
                    var bar = bars[i];
                    var drawn = plot.Add.Bar(new Bar
                    {
                        Position = i,
                        ValueBase = bar.Bottom,
                        Value = bar.Top,
                        FillColor = bar.IsTotal ? Colors.SteelBlue : (double)chart.Points[i].Value < 0 ? Colors.IndianRed : Colors.SeaGreen,
                    });
                    _ = drawn;
                    ticks.Add(new Tick(i, bar.Label));
                }

                break;
            default:
                for (var i = 0; i < chart.Points.Count; i++)
                {
                    plot.Add.Bar(new Bar { Position = i, Value = (double)chart.Points[i].Value, FillColor = Colors.SteelBlue });
                    ticks.Add(new Tick(i, chart.Points[i].Label));
                }

                break;
        }

        plot.Axes.Bottom.TickGenerator = new ScottPlot.TickGenerators.NumericManual([.. ticks]);
        plot.Axes.Bottom.TickLabelStyle.Rotation = ticks.Count > 5 ? 30 : 0;
        plot.Axes.Bottom.MinimumSize = ticks.Count > 5 ? 90 : 40;
        plot.Axes.Bottom.TickLabelStyle.Alignment = ticks.Count > 5 ? Alignment.MiddleLeft : Alignment.UpperCenter;
        plot.Axes.Left.TickGenerator = new ScottPlot.TickGenerators.NumericAutomatic
        {
            LabelFormatter = chart.Unit switch
            {
                ChartUnits.Ratio => v => Figures.Percent(v),
                ChartUnits.Days => v => Figures.Days(v),
                ChartUnits.Count => v => v.ToString("0", System.Globalization.CultureInfo.InvariantCulture),
                _ => v => Figures.Money((decimal)v),
            },
        };
        plot.Axes.Margins(bottom: chart.Kind == "line" ? 0.1 : 0);
        return plot.GetImageBytes(width, height, ImageFormat.Png);
    }
}
