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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["eps"] = new[] { Eps1, Eps2 }, ["weight_decay"] = WeightDecay,
        ["clip_grad_norm"] = ClipGradNorm, ["clip_grad_value"] = ClipGradValue,
        ["loss_scale"] = LossScale, ["clip_threshold"] = ClipThreshold, ["decay_rate"] = DecayRate,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        LomoValidation.Common(group);
        HyperParameters.Positive(group, "loss_scale");
        HyperParameters.Positive(group, "clip_threshold");
        var (eps1, eps2) = group.GetPair("eps");
        if (!(eps1 >= 0) || !(eps2 >= 0))
            throw new ArgumentOutOfRangeException("eps", $"Invalid eps: ({eps1}, {eps2}) (both must be >= 0)");
        var decay = group["decay_rate"];
        // β2_t = 1 − t^decay must stay in [0, 1) for t ≥ 1: decay_rate must be negative.
        if (!(decay < 0)) throw new ArgumentOutOfRangeException("decay_rate", decay, $"Invalid decay_rate: {decay} (must be < 0)");
    }
}
