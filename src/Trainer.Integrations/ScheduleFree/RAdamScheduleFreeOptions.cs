using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of <see cref="RAdamScheduleFree"/> (schedulefree's <c>RAdamScheduleFree</c>, ≥ 1.4.0).</summary>
public sealed record RAdamScheduleFreeOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.0025;
    /// <summary>β1: the interpolation between z and x that gives y (also the eval/train lerp).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>β2: decay of the second moment (also sets the rectification).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to the bias-corrected root of the second moment.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Weight decay, evaluated at y and added to the (normalised) gradient.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Power of the polynomial weighting (k+1)^r of the average.</summary>
    public double R { get; init; }
    /// <summary>The averaging weights are lr_max raised to this power.</summary>
    public double WeightLrPower { get; init; } = 2.0;
    /// <summary>While ρt ≤ 4 the learning rate is 0 (only the second moment moves); false: plain SGD steps at the full lr.</summary>
    public bool SilentSgdPhase { get; init; } = true;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["r"] = R, ["k"] = 0L,
        ["train_mode"] = false, ["weight_sum"] = 0.0, ["lr_max"] = -1.0, ["scheduled_lr"] = 0.0,
        ["weight_lr_power"] = WeightLrPower, ["weight_decay"] = WeightDecay,
        // The loop and foreach paths are the same arithmetic; kept so upstream kwargs and state dicts match.
        ["foreach"] = false,
        ["silent_sgd_phase"] = SilentSgdPhase,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ScheduleFreeOptimizer.ValidateCommon(group);
        HyperParameters.Betas(group);
        ScheduleFreeOptimizer.PositiveInterpolation("betas", group.GetPair("betas").First);
        HyperParameters.NonNegative(group, "eps");
        // A non-boolean silent_sgd_phase is rejected here rather than at the first step.
        _ = group.GetFlag("silent_sgd_phase");
    }
}
