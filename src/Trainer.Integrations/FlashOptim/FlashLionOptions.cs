using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of FlashLion.</summary>
public sealed record FlashLionOptions : FlashOptimizerOptions
{
    /// <summary>Interpolation factor of the update direction.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the momentum.</summary>
    public double Beta2 { get; init; } = 0.99;
    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Decay scaled by lr/initial_lr instead of lr.</summary>
    public bool DecoupleLr { get; init; }

    /// <summary>FlashLion's parameters: lr, betas, weight_decay, decouple_lr, then the family's common keys.</summary>
    public static OptionsSchema<FlashLionOptions> Fields { get; } = new("FlashLion", f =>
    [
        .. f.Inherit(LearningRateField),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("decouple_lr", o => o.DecoupleLr, (o, v) => o with { DecoupleLr = v }),
        .. f.Inherit(CommonFields),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        ValidateCommon(group);
        ValidateBetas(group);
    }
}
