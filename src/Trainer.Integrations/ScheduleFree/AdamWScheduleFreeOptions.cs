using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of <see cref="AdamWScheduleFree"/> (schedulefree's <c>AdamWScheduleFree</c>).</summary>
public sealed record AdamWScheduleFreeOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.0025;
    /// <summary>β1: the interpolation between z and x that gives y (also the eval/train lerp).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>β2: decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to the bias-corrected root of the second moment.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Weight decay, evaluated at y and added to the normalised gradient.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Steps of the built-in linear warm-up (0 = none).</summary>
    public long WarmupSteps { get; init; }
    /// <summary>Power of the polynomial weighting (k+1)^r of the average.</summary>
    public double R { get; init; }
    /// <summary>The averaging weights are lr_max raised to this power.</summary>
    public double WeightLrPower { get; init; } = 2.0;
    /// <summary>Momentum of an extra first moment inside the Adam step (0 = none, no <c>exp_avg</c> state).</summary>
    public double InnerMomentum { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["r"] = R, ["k"] = 0L,
        ["warmup_steps"] = WarmupSteps, ["train_mode"] = false, ["weight_sum"] = 0.0, ["lr_max"] = -1.0,
        ["scheduled_lr"] = 0.0, ["weight_lr_power"] = WeightLrPower, ["weight_decay"] = WeightDecay,
        ["inner_momentum"] = InnerMomentum,
        // The loop and foreach paths are the same arithmetic; kept so upstream kwargs and state dicts match.
        ["foreach"] = false,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ScheduleFreeOptimizer.ValidateCommon(group);
        HyperParameters.Betas(group);
        ScheduleFreeOptimizer.PositiveInterpolation("betas", group.GetPair("betas").First);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.InRange(group, "inner_momentum", 0, 1);
    }
}
