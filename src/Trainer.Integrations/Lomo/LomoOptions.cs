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

    /// <summary>The declared parameters, in Lomo's order.</summary>
    public static OptionsSchema<LomoOptions> Fields { get; } = new("Lomo", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        f.OptionalNumber("clip_grad_norm", o => o.ClipGradNorm, (o, v) => o with { ClipGradNorm = v }),
        f.OptionalNumber("clip_grad_value", o => o.ClipGradValue, (o, v) => o with { ClipGradValue = v }),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        LomoValidation.Common(group);
    }
}
