namespace Training.Plots;

/// <summary>One plot area of a chart: its series share a y axis; every panel of a chart shares the x axis.</summary>
/// <param name="Title">The panel's heading.</param>
/// <param name="YLabel">The y-axis label.</param>
/// <param name="Series">The curves.</param>
/// <param name="LogScale">A base-10 logarithmic y axis (non-positive values become gaps).</param>
public sealed record ChartPanel(string Title, string YLabel, IReadOnlyList<PlotSeries> Series, bool LogScale = false);
