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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["weight_decay"] = WeightDecay, ["eps"] = Eps,
        ["decouple_lr"] = DecoupleLr,
        // optimi's OptimiOptimizer: decouple_lr without max_lr takes the constructor's lr as max_lr.
        ["max_lr"] = DecoupleLr && MaxLr is null ? LearningRate : MaxLr,
        ["kahan_sum"] = KahanSum,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        HyperParameters.LearningRate(group);
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.NonNegative(group, "weight_decay");
        if (group.GetValue("max_lr") is not null) HyperParameters.Positive(group, "max_lr");
        else if (group.GetFlag("decouple_lr"))
            throw new ArgumentException("decouple_lr=True needs max_lr (the maximum scheduled learning rate), but the group's max_lr is None", nameof(group));
        if (group.GetValue("kahan_sum") is not (null or bool))
            throw new ArgumentException($"kahan_sum must be True, False or None, not '{group.GetValue("kahan_sum")}'", nameof(group));
    }
}
