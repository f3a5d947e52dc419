namespace Training.Plots;

/// <summary>A named curve of a panel.</summary>
/// <param name="Name">The legend text.</param>
/// <param name="Points">The points in drawing order; a non-finite value (or a non-positive one on a log axis) breaks the line.</param>
/// <param name="Markers">Draw a dot at every point (sparse series such as evaluations, where a lone point has no line).</param>
/// <param name="Dashed">A dashed line, so a curve drawn over an equal one leaves the one below visible.</param>
public sealed record PlotSeries(string Name, IReadOnlyList<PlotPoint> Points, bool Markers = false, bool Dashed = false);
