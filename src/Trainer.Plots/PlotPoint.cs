namespace Training.Plots;

/// <summary>One data point of a series: <paramref name="X"/> is the step, <paramref name="Y"/> the value (NaN or infinite: a gap).</summary>
public readonly record struct PlotPoint(double X, double Y);
