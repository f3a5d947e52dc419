using System.Globalization;
using System.Xml.Linq;

namespace Training.Plots;

/// <summary>
/// Draws a <see cref="Chart"/> as a self-contained SVG document: per panel a heading with its legend, a framed plot
/// area with grid lines at the ticks, tick labels, axis labels and the curves (broken where a value cannot be drawn).
/// </summary>
public static class SvgChartRenderer
{
    private static readonly XNamespace Svg = "http://www.w3.org/2000/svg";
    private const string Font = "DejaVu Sans, Liberation Sans, Arial, sans-serif";

    /// <summary>Draws <paramref name="chart"/> with <paramref name="layout"/> (default sizes when null).</summary>
    public static RenderedChart Render(Chart chart, ChartLayout? layout = null)
    {
        ArgumentNullException.ThrowIfNull(chart);
        layout ??= ChartLayout.Default;
        if (chart.Panels.Count == 0) throw new ArgumentException("a chart needs at least one panel", nameof(chart));

        var panelHeight = layout.PanelHeader + layout.PlotHeight + layout.PanelFooter;
        var height = layout.TitleBand + chart.Panels.Count * panelHeight + 20;
        var root = new XElement(Svg + "svg",
            new XAttribute("width", layout.Width), new XAttribute("height", height),
            new XAttribute("viewBox", $"0 0 {layout.Width} {height}"),
            new XAttribute("font-family", Font),
            new XElement(Svg + "rect", new XAttribute("width", "100%"), new XAttribute("height", "100%"), new XAttribute("fill", "#ffffff")),
            Text(layout.Width / 2.0, layout.TitleBand * 0.65, Fit(chart.Title, layout.Width - 20, 16), 16, "middle", bold: true));

        var xScale = XScale(chart);
        var frames = new List<PanelFrame>();
        for (var i = 0; i < chart.Panels.Count; i++)
        {
            var panel = chart.Panels[i];
            var top = layout.TitleBand + i * panelHeight + layout.PanelHeader;
            var frame = new PanelFrame(layout.Left, top, layout.Width - layout.Left - layout.Right, layout.PlotHeight,
                xScale, YScale(panel), panel.Series.Select((_, k) => Palette.Color(k)).ToList());
            frames.Add(frame);
            root.Add(DrawPanel(panel, frame, layout, $"plot{i}", i == chart.Panels.Count - 1 ? chart.XLabel : null));
        }

        var text = new XDocument(new XDeclaration("1.0", "utf-8", null), root).Declaration + "\n" + root.ToString(SaveOptions.None) + "\n";
        return new RenderedChart(text, layout.Width, height, frames);
    }

    private static AxisScale XScale(Chart chart)
    {
        var xs = chart.Panels.SelectMany(p => p.Series).SelectMany(s => s.Points)
            .Where(p => double.IsFinite(p.X) && double.IsFinite(p.Y)).Select(p => p.X).ToList();
        return xs.Count == 0 ? AxisScale.Linear(0, 1) : AxisScale.Linear(xs.Min(), xs.Max(), maxTicks: 8);
    }

    private static AxisScale YScale(ChartPanel panel)
    {
        var ys = panel.Series.SelectMany(s => s.Points)
            .Where(p => double.IsFinite(p.X) && AxisScale.Drawable(p.Y, panel.LogScale)).Select(p => p.Y).ToList();
        if (ys.Count == 0) return panel.LogScale ? AxisScale.Logarithmic(1, 10) : AxisScale.Linear(0, 1);
        return panel.LogScale ? AxisScale.Logarithmic(ys.Min(), ys.Max()) : AxisScale.Linear(ys.Min(), ys.Max());
    }

    private static XElement DrawPanel(ChartPanel panel, PanelFrame frame, ChartLayout layout, string id, string? xLabel)
    {
        var group = new XElement(Svg + "g", new XAttribute("class", "panel"));
        var right = frame.Left + frame.Width;
        var bottom = frame.Top + frame.Height;
        group.Add(Text(frame.Left, frame.Top - layout.PanelHeader + 16, panel.Title, 13, "start", bold: true));
        group.Add(Legend(panel, frame, frame.Top - 8));

        foreach (var tick in frame.XScale.Ticks)
        {
            var x = frame.X(tick);
            group.Add(Line(x, frame.Top, x, bottom, "#e0e0e0", 1));
            group.Add(Text(x, bottom + 16, TickLabels.Format(tick), 11, "middle"));
        }

        foreach (var tick in frame.YScale.Ticks)
        {
            var y = frame.Y(tick);
            var decade = !frame.YScale.IsLog || IsDecade(tick);
            group.Add(Line(frame.Left, y, right, y, decade ? "#e0e0e0" : "#f0f0f0", 1));
            if (decade || frame.YScale.Ticks.Count <= 12) group.Add(Text(frame.Left - 6, y + 4, TickLabels.Format(tick), 11, "end"));
        }

        group.Add(new XElement(Svg + "rect", Attr("x", frame.Left), Attr("y", frame.Top), Attr("width", frame.Width), Attr("height", frame.Height),
            new XAttribute("fill", "none"), new XAttribute("stroke", "#333333"), new XAttribute("stroke-width", 1)));
        var labelX = 16.0;
        var labelY = frame.Top + frame.Height / 2;
        var yLabel = Text(labelX, labelY, panel.YLabel + (panel.LogScale ? " (log)" : ""), 12, "middle");
        yLabel.Add(new XAttribute("transform", FormattableString.Invariant($"rotate(-90 {Num(labelX)} {Num(labelY)})")));
        group.Add(yLabel);
        if (xLabel is not null) group.Add(Text(frame.Left + frame.Width / 2, bottom + 32, xLabel, 12, "middle"));

        // The curves are clipped to the plot area, with room for the line width at its edges.
        var pad = layout.StrokeWidth + layout.MarkerRadius;
        group.Add(new XElement(Svg + "clipPath", new XAttribute("id", id),
            new XElement(Svg + "rect", Attr("x", frame.Left - pad), Attr("y", frame.Top - pad), Attr("width", frame.Width + 2 * pad), Attr("height", frame.Height + 2 * pad))));
        var curves = new XElement(Svg + "g", new XAttribute("clip-path", $"url(#{id})"), new XAttribute("fill", "none"),
            new XAttribute("stroke-width", Num(layout.StrokeWidth)), new XAttribute("stroke-linejoin", "round"), new XAttribute("stroke-linecap", "round"));
        for (var s = 0; s < panel.Series.Count; s++) curves.Add(Curve(panel.Series[s], frame, frame.SeriesColors[s], layout, panel.LogScale));
        group.Add(curves);
        return group;
    }

    private static XElement Curve(PlotSeries series, PanelFrame frame, string color, ChartLayout layout, bool log)
    {
        var group = new XElement(Svg + "g", new XAttribute("class", "series"), new XAttribute("stroke", color),
            new XElement(Svg + "title", series.Name));
        if (series.Dashed) group.Add(new XAttribute("stroke-dasharray", "7 5"));
        foreach (var segment in Segments(series.Points, log))
        {
            if (segment.Count == 1 && !series.Markers)
            {
                // A lone point between gaps has no line: a dot the width of the line shows it.
                group.Add(Dot(frame, segment[0], layout.StrokeWidth / 2, color));
                continue;
            }

            if (segment.Count > 1)
                group.Add(new XElement(Svg + "polyline", new XAttribute("points",
                    string.Join(' ', segment.Select(p => Num(frame.X(p.X)) + "," + Num(frame.Y(p.Y)))))));
        }

        if (series.Markers)
            foreach (var point in series.Points.Where(p => double.IsFinite(p.X) && AxisScale.Drawable(p.Y, log)))
                group.Add(Dot(frame, point, layout.MarkerRadius, color));
        return group;
    }

    /// <summary>The runs of drawable points: a point that cannot be drawn ends the current run.</summary>
    internal static List<List<PlotPoint>> Segments(IReadOnlyList<PlotPoint> points, bool log)
    {
        var segments = new List<List<PlotPoint>>();
        List<PlotPoint>? current = null;
        foreach (var point in points)
        {
            if (!double.IsFinite(point.X) || !AxisScale.Drawable(point.Y, log))
            {
                current = null;
                continue;
            }

            if (current is null)
            {
                current = [];
                segments.Add(current);
            }

            current.Add(point);
        }

        return segments;
    }

    private static XElement Legend(ChartPanel panel, PanelFrame frame, double y)
    {
        var legend = new XElement(Svg + "g", new XAttribute("class", "legend"));
        var x = frame.Left + frame.Width;
        // Right-aligned, last entry first, so the legend ends at the plot area's right edge.
        for (var s = panel.Series.Count - 1; s >= 0; s--)
        {
            var width = 7 * panel.Series[s].Name.Length + 8;
            x -= width;
            legend.Add(Text(x, y + 4, panel.Series[s].Name, 11, "start"));
            var swatch = Line(x - 26, y, x - 6, y, frame.SeriesColors[s], 2.5);
            if (panel.Series[s].Dashed) swatch.Add(new XAttribute("stroke-dasharray", "7 5"));
            legend.Add(swatch);
            x -= 40;
        }

        return legend;
    }

    private static XElement Dot(PanelFrame frame, PlotPoint point, double radius, string color) =>
        new(Svg + "circle", Attr("cx", frame.X(point.X)), Attr("cy", frame.Y(point.Y)), Attr("r", radius),
            new XAttribute("fill", color), new XAttribute("stroke", "none"));

    private static XElement Line(double x1, double y1, double x2, double y2, string color, double width) =>
        new(Svg + "line", Attr("x1", x1), Attr("y1", y1), Attr("x2", x2), Attr("y2", y2),
            new XAttribute("stroke", color), Attr("stroke-width", width));

    private static XElement Text(double x, double y, string text, int size, string anchor, bool bold = false)
    {
        var element = new XElement(Svg + "text", Attr("x", x), Attr("y", y), new XAttribute("font-size", size),
            new XAttribute("text-anchor", anchor), new XAttribute("fill", "#222222"), text);
        if (bold) element.Add(new XAttribute("font-weight", "bold"));
        return element;
    }

    // Bold sans-serif is at most about 0.62 em per character: a longer title loses its start, where paths differ least.
    private static string Fit(string text, double width, int size)
    {
        var max = (int)(width / (0.62 * size));
        return text.Length <= max ? text : "…" + text[^(max - 1)..];
    }

    private static bool IsDecade(double value)
    {
        var exponent = Math.Log10(value);
        return Math.Abs(exponent - Math.Round(exponent)) < 1e-9;
    }

    private static XAttribute Attr(string name, double value) => new(name, Num(value));

    private static string Num(double value) => Math.Round(value, 2).ToString("0.##", CultureInfo.InvariantCulture);
}
