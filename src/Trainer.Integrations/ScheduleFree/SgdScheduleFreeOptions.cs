using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of <see cref="SgdScheduleFree"/> (schedulefree's <c>SGDScheduleFree</c>).</summary>
public sealed record SgdScheduleFreeOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1.0;
    /// <summary>The interpolation between z and x that gives y, in (0, 1) exclusive.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Weight decay, evaluated at y and added to the gradient.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Steps of the built-in linear warm-up (0 = none).</summary>
    public long WarmupSteps { get; init; }
    /// <summary>Power of the polynomial weighting (k+1)^r of the average.</summary>
    public double R { get; init; }
    /// <summary>The averaging weights are lr_max raised to this power.</summary>
    public double WeightLrPower { get; init; } = 2.0;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["momentum"] = Momentum, ["r"] = R, ["k"] = 0L, ["warmup_steps"] = WarmupSteps,
        ["train_mode"] = false, ["weight_sum"] = 0.0, ["lr_max"] = -1.0, ["scheduled_lr"] = 0.0,
        ["weight_lr_power"] = WeightLrPower, ["weight_decay"] = WeightDecay,
        // The loop and foreach paths are the same arithmetic; kept so upstream kwargs and state dicts match.
        ["foreach"] = false,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ScheduleFreeOptimizer.ValidateCommon(group);
        ScheduleFreeOptimizer.PositiveInterpolation("momentum", group["momentum"]);
    }
}
