namespace Training.Plots;

/// <summary>The sizes of a picture, in SVG user units (one unit is one pixel of the PNG).</summary>
public sealed record ChartLayout
{
    /// <summary>Total width.</summary>
    public int Width { get; init; } = 800;

    /// <summary>Height of each panel's plot area.</summary>
    public int PlotHeight { get; init; } = 200;

    /// <summary>Left margin (y tick labels and the y label).</summary>
    public int Left { get; init; } = 90;

    /// <summary>Right margin.</summary>
    public int Right { get; init; } = 24;

    /// <summary>Height of the chart title band.</summary>
    public int TitleBand { get; init; } = 36;

    /// <summary>Height of each panel's heading and legend band, above its plot area.</summary>
    public int PanelHeader { get; init; } = 40;

    /// <summary>Space under each plot area (x tick labels; the x label under the last panel).</summary>
    public int PanelFooter { get; init; } = 36;

    /// <summary>Line width of the curves.</summary>
    public double StrokeWidth { get; init; } = 2;

    /// <summary>Radius of the dots of a series drawn with markers.</summary>
    public double MarkerRadius { get; init; } = 3;

    /// <summary>The default sizes.</summary>
    public static ChartLayout Default { get; } = new();
}
