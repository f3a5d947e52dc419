namespace Training.Plots;

/// <summary>A chart drawn as SVG, with the geometry of each panel (for checks and for anything drawn on top).</summary>
/// <param name="Svg">The SVG document.</param>
/// <param name="Width">The picture width.</param>
/// <param name="Height">The picture height.</param>
/// <param name="Frames">One frame per panel, top to bottom.</param>
public sealed record RenderedChart(string Svg, int Width, int Height, IReadOnlyList<PanelFrame> Frames);
