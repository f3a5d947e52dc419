namespace Training.Schedulers;

/// <summary>Settings of <see cref="GreedyLR"/>, with Transformers' defaults.</summary>
public sealed record GreedyLROptions
{
    /// <summary>Whether a lower ("min") or higher ("max") metric is better.</summary>
    public MetricMode Mode { get; init; } = MetricMode.Min;

    /// <summary>lr is multiplied by it on a plateau and divided by it on improvement; must be &lt; 1.</summary>
    public double Factor { get; init; } = 0.95;

    /// <summary>Consecutive good (or bad) evaluations tolerated before the lr is raised (or lowered).</summary>
    public long Patience { get; init; } = 10;

    /// <summary>The improvement threshold.</summary>
    public double Threshold { get; init; } = 1e-6;

    /// <summary>Relative or absolute threshold (absolute by default, unlike ReduceLROnPlateau).</summary>
    public ThresholdMode ThresholdMode { get; init; } = ThresholdMode.Abs;

    /// <summary>Evaluations ignored after a reduction.</summary>
    public long Cooldown { get; init; }

    /// <summary>Evaluations ignored after an increase.</summary>
    public long Warmup { get; init; }

    /// <summary>Lower bound of the lr, for every group or per group. Note the default (1e-3) is above typical fine-tuning rates.</summary>
    public GroupValues MinLr { get; init; } = 1e-3;

    /// <summary>Upper bound of the lr, for every group or per group.</summary>
    public GroupValues MaxLr { get; init; } = 1.0;

    /// <summary>Changes smaller than this are not applied.</summary>
    public double Eps { get; init; } = 1e-8;

    /// <summary>Average the metric over the last <see cref="WindowSize"/> values before deciding.</summary>
    public bool Smooth { get; init; }

    /// <summary>Window of the smoothing average.</summary>
    public long WindowSize { get; init; } = 50;

    /// <summary>Reductions that find every group at its minimum before everything is reset to the initial state.</summary>
    public long ResetStart { get; init; } = 500;
}
