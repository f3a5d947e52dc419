using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of optimi's StableAdamW (torch-optimi 0.3.3, <c>optimi/stableadamw.py</c>).</summary>
public sealed record StableAdamWOptions : OptimizerOptions
{
    /// <summary>Learning rate (upstream has no default).</summary>
    public required double LearningRate { get; init; }
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment (optimi's default 0.99, not Adam's 0.999).</summary>
    public double Beta2 { get; init; } = 0.99;
    /// <summary>Decoupled weight decay (scaled by the clipped lr, or by lr/max_lr with <see cref="DecoupleLr"/>).</summary>
    public double WeightDecay { get; init; } = 1e-2;
    /// <summary>Added to the denominator; its square also floors the second moment in the RMS clip.</summary>
    public double Eps { get; init; } = 1e-6;
    /// <summary>Fully decoupled weight decay: decay by <c>(lr_t / max_lr)·wd</c> instead of <c>lr_t·wd</c>.</summary>
    public bool DecoupleLr { get; init; }
    /// <summary>The maximum scheduled lr for <see cref="DecoupleLr"/>; null means the initial <see cref="LearningRate"/>.</summary>
    public double? MaxLr { get; init; }
    /// <summary>Kahan-compensated updates; null turns them on for float16/bfloat16 parameters only.</summary>
    public bool? KahanSum { get; init; }

    /// <summary>The declared parameters, in StableAdamW's order.</summary>
    public static OptionsSchema<StableAdamWOptions> Fields { get; } = new("StableAdamW", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Flag("decouple_lr", o => o.DecoupleLr, (o, v) => o with { DecoupleLr = v }),
        // optimi's OptimiOptimizer: decouple_lr without max_lr takes the constructor's lr as max_lr.
        f.OptionalNumber("max_lr", o => o.DecoupleLr && o.MaxLr is null ? o.LearningRate : o.MaxLr, (o, v) => o with { MaxLr = v }),
        f.OptionalFlag("kahan_sum", o => o.KahanSum, (o, v) => o with { KahanSum = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        if (group.GetValue("max_lr") is not null) HyperParameters.Positive(group, "max_lr");
        else if (group.GetFlag("decouple_lr"))
            throw new ArgumentException("decouple_lr=True needs max_lr (the maximum scheduled learning rate), but the group's max_lr is None", nameof(group));
        if (group.GetValue("kahan_sum") is not (null or bool))
            throw new ArgumentException($"kahan_sum must be True, False or None, not '{group.GetValue("kahan_sum")}'", nameof(group));
    }
}
