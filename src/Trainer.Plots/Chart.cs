namespace Training.Plots;

/// <summary>A picture: a title and panels stacked vertically over one x axis.</summary>
/// <param name="Title">The chart's title.</param>
/// <param name="XLabel">The x-axis label (under the last panel).</param>
/// <param name="Panels">The panels, top to bottom.</param>
public sealed record Chart(string Title, string XLabel, IReadOnlyList<ChartPanel> Panels);
