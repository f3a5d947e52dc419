using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of LOMO (OpenLMLab/LOMO <c>lomo_optim/lomo.py</c>).</summary>
public sealed record LomoOptions : OptimizerOptions
{
    /// <summary>Learning rate (the Trainer's current rate is handed to every <c>FusedBackward</c> call).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Global gradient-norm threshold; when set, a norm-only backward pass runs first. Null: off.</summary>
    public double? ClipGradNorm { get; init; }
    /// <summary>Element-wise gradient clamp; null: off.</summary>
    public double? ClipGradValue { get; init; }
    /// <summary>Decoupled weight decay: <c>p·(1 − lr·wd)</c> before the step.</summary>
    public double WeightDecay { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["clip_grad_norm"] = ClipGradNorm, ["clip_grad_value"] = ClipGradValue, ["weight_decay"] = WeightDecay,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group) => LomoValidation.Common(group);
}
