using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of <see cref="RAdamScheduleFree"/> (schedulefree's <c>RAdamScheduleFree</c>, ≥ 1.4.0).</summary>
public sealed record RAdamScheduleFreeOptions : ScheduleFreeOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 0.0025;
    /// <summary>β1: the interpolation between z and x that gives y (also the eval/train lerp).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>β2: decay of the second moment (also sets the rectification).</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to the bias-corrected root of the second moment.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>While ρt ≤ 4 the learning rate is 0 (only the second moment moves); false: plain SGD steps at the full lr.</summary>
    public bool SilentSgdPhase { get; init; } = true;

    /// <summary>The declared parameters, in RAdamScheduleFree's order.</summary>
    public static OptionsSchema<RAdamScheduleFreeOptions> Fields { get; } = new("RAdamScheduleFree", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        .. f.Inherit(AveragingPower),
        .. f.Inherit(Averaging),
        // The loop and foreach paths are the same arithmetic; kept so upstream kwargs and state dicts match.
        f.Internal("foreach", _ => false),
        f.Flag("silent_sgd_phase", o => o.SilentSgdPhase, (o, v) => o with { SilentSgdPhase = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        base.ValidateCombination(group);
        ScheduleFreeOptimizer.PositiveInterpolation("betas", group.GetPair("betas").First);
        // A non-boolean silent_sgd_phase is rejected here rather than at the first step.
        _ = group.GetFlag("silent_sgd_phase");
    }
}
