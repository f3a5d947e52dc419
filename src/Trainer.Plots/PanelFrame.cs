namespace Training.Plots;

/// <summary>Where a panel was drawn: its plot area and the mapping from data to picture coordinates.</summary>
/// <param name="Left">The plot area's left edge.</param>
/// <param name="Top">The plot area's top edge.</param>
/// <param name="Width">The plot area's width.</param>
/// <param name="Height">The plot area's height.</param>
/// <param name="XScale">The x axis.</param>
/// <param name="YScale">The y axis.</param>
/// <param name="SeriesColors">The colour of each series, in the panel's series order.</param>
public sealed record PanelFrame(double Left, double Top, double Width, double Height, AxisScale XScale, AxisScale YScale,
    IReadOnlyList<string> SeriesColors)
{
    /// <summary>The picture x of data x <paramref name="x"/>.</summary>
    public double X(double x) => Left + XScale.Fraction(x) * Width;

    /// <summary>The picture y of data value <paramref name="y"/> (larger values are higher up).</summary>
    public double Y(double y) => Top + (1 - YScale.Fraction(y)) * Height;
}
