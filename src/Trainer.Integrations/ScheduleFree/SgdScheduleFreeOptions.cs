using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of <see cref="SgdScheduleFree"/> (schedulefree's <c>SGDScheduleFree</c>).</summary>
public sealed record SgdScheduleFreeOptions : ScheduleFreeOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1.0;
    /// <summary>The interpolation between z and x that gives y, in (0, 1) exclusive.</summary>
    public double Momentum { get; init; } = 0.9;
    /// <summary>Steps of the built-in linear warm-up (0 = none).</summary>
    public long WarmupSteps { get; init; }

    /// <summary>The declared parameters, in SGDScheduleFree's order.</summary>
    public static OptionsSchema<SgdScheduleFreeOptions> Fields { get; } = new("SGDScheduleFree", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        f.Number("momentum", o => o.Momentum, (o, v) => o with { Momentum = v }),
        .. f.Inherit(AveragingPower),
        f.Integer("warmup_steps", o => o.WarmupSteps, (o, v) => o with { WarmupSteps = v }),
        .. f.Inherit(Averaging),
        // The loop and foreach paths are the same arithmetic; kept so upstream kwargs and state dicts match.
        f.Internal("foreach", _ => false),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        base.ValidateCombination(group);
        ScheduleFreeOptimizer.PositiveInterpolation("momentum", group["momentum"]);
    }
}
