using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of AdaLomo (OpenLMLab/LOMO <c>lomo_optim/adalomo.py</c>).</summary>
public sealed record AdaLomoOptions : OptimizerOptions
{
    /// <summary>Learning rate (relative: multiplied by max(eps[1], RMS(p))).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>The loss is multiplied by this before backward and the gradients divided by it.</summary>
    public double LossScale { get; init; } = 1024;
    /// <summary>Added to g² (regulariser of the second moment).</summary>
    public double Eps1 { get; init; } = 1e-30;
    /// <summary>Floor of the parameter RMS that scales the learning rate.</summary>
    public double Eps2 { get; init; } = 1e-3;
    /// <summary>The update is scaled down to RMS ≤ this.</summary>
    public double ClipThreshold { get; init; } = 1.0;
    /// <summary>β2 at step t is 1 − t^decay_rate.</summary>
    public double DecayRate { get; init; } = -0.8;
    /// <summary>Global gradient-norm threshold (two backward passes); null: off.</summary>
    public double? ClipGradNorm { get; init; }
    /// <summary>Element-wise gradient clamp; null: off.</summary>
    public double? ClipGradValue { get; init; }
    /// <summary>Decoupled weight decay: <c>p·(1 − lr_t·wd)</c>.</summary>
    public double WeightDecay { get; init; }

    /// <summary>The declared parameters, in AdaLomo's order.</summary>
    public static OptionsSchema<AdaLomoOptions> Fields { get; } = new("AdaLomo", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        f.Pair("eps", o => (o.Eps1, o.Eps2), (o, v) => o with { Eps1 = v.First, Eps2 = v.Second }),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }),
        f.OptionalNumber("clip_grad_norm", o => o.ClipGradNorm, (o, v) => o with { ClipGradNorm = v }),
        f.OptionalNumber("clip_grad_value", o => o.ClipGradValue, (o, v) => o with { ClipGradValue = v }),
        f.Number("loss_scale", o => o.LossScale, (o, v) => o with { LossScale = v }, ArgumentRule.Positive),
        f.Number("clip_threshold", o => o.ClipThreshold, (o, v) => o with { ClipThreshold = v }, ArgumentRule.Positive),
        f.Number("decay_rate", o => o.DecayRate, (o, v) => o with { DecayRate = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        LomoValidation.Common(group);
        var (eps1, eps2) = group.GetPair("eps");
        if (!(eps1 >= 0) || !(eps2 >= 0))
            throw new ArgumentOutOfRangeException("eps", $"Invalid eps: ({eps1}, {eps2}) (both must be >= 0)");
        var decay = group["decay_rate"];
        // β2_t = 1 − t^decay must stay in [0, 1) for t ≥ 1: decay_rate must be negative.
        if (!(decay < 0)) throw new ArgumentOutOfRangeException("decay_rate", decay, $"Invalid decay_rate: {decay} (must be < 0)");
    }
}
