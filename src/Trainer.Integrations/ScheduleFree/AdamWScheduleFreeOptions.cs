using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of <see cref="AdamWScheduleFree"/> (schedulefree's <c>AdamWScheduleFree</c>).</summary>
public sealed record AdamWScheduleFreeOptions : ScheduleFreeOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.0025;
    /// <summary>β1: the interpolation between z and x that gives y (also the eval/train lerp).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>β2: decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to the bias-corrected root of the second moment.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Steps of the built-in linear warm-up (0 = none).</summary>
    public long WarmupSteps { get; init; }
    /// <summary>Momentum of an extra first moment inside the Adam step (0 = none, no <c>exp_avg</c> state).</summary>
    public double InnerMomentum { get; init; }

    /// <summary>The declared parameters, in AdamWScheduleFree's order.</summary>
    public static OptionsSchema<AdamWScheduleFreeOptions> Fields { get; } = new("AdamWScheduleFree", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        .. f.Inherit(AveragingPower),
        f.Integer("warmup_steps", o => o.WarmupSteps, (o, v) => o with { WarmupSteps = v }),
        .. f.Inherit(Averaging),
        f.Number("inner_momentum", o => o.InnerMomentum, (o, v) => o with { InnerMomentum = v }, ArgumentRule.InRange(0, 1)),
        // The loop and foreach paths are the same arithmetic; kept so upstream kwargs and state dicts match.
        f.Internal("foreach", _ => false),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        base.ValidateCombination(group);
        ScheduleFreeOptimizer.PositiveInterpolation("betas", group.GetPair("betas").First);
    }
}
