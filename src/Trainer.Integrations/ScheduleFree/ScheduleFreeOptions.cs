using Training.Optim;

namespace Training.Integrations;

/// <summary>
/// What schedulefree's three classes share, declared once: weight decay, the averaging power <c>r</c> and
/// <c>weight_lr_power</c>, and the running values upstream keeps among each group's hyperparameters (the step counter
/// <c>k</c>, <c>train_mode</c>, <c>weight_sum</c>, <c>lr_max</c>, <c>scheduled_lr</c>; internal, never arguments).
/// Each class's options add their own keys between these pieces, in upstream's order.
/// </summary>
public abstract record ScheduleFreeOptions : OptimizerOptions
{
    /// <summary>Weight decay, evaluated at y and added to the (normalised) gradient.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Power of the polynomial weighting (k+1)^r of the average.</summary>
    public double R { get; init; }
    /// <summary>The averaging weights are lr_max raised to this power.</summary>
    public double WeightLrPower { get; init; } = 2.0;

    /// <summary><c>r</c>, then the step counter <c>k</c> (starting at 0).</summary>
    protected static OptionsSchema<ScheduleFreeOptions> AveragingPower { get; } = new("ScheduleFree", f =>
    [
        f.Number("r", o => o.R, (o, v) => o with { R = v }),
        f.Internal("k", _ => 0L),
    ]);

    /// <summary>The averaging bookkeeping with its initial values, then <c>weight_lr_power</c> and <c>weight_decay</c>.</summary>
    protected static OptionsSchema<ScheduleFreeOptions> Averaging { get; } = new("ScheduleFree", f =>
    [
        f.Internal("train_mode", _ => false),
        f.Internal("weight_sum", _ => 0.0),
        f.Internal("lr_max", _ => -1.0),
        f.Internal("scheduled_lr", _ => 0.0),
        f.Number("weight_lr_power", o => o.WeightLrPower, (o, v) => o with { WeightLrPower = v }),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }),
    ]);

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group) => ScheduleFreeOptimizer.ValidateCommon(group);
}
