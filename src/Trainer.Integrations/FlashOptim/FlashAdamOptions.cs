using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of FlashAdam (coupled L2 decay) and, with <see cref="Decoupled"/>, FlashAdamW.</summary>
public record FlashAdamOptions : FlashOptimizerOptions
{
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Term added to the denominator.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Weight decay (L2 through the gradient for FlashAdam, decoupled for FlashAdamW).</summary>
    public double WeightDecay { get; init; }
    /// <summary>FlashAdamW only: decay scaled by lr/initial_lr instead of lr.</summary>
    public bool DecoupleLr { get; init; }

    /// <summary>True for FlashAdamW's decoupled decay (adds the <c>decouple_lr</c> key).</summary>
    protected virtual bool Decoupled => false;

    /// <summary>FlashAdam's parameters: lr, betas, eps, weight_decay, then the family's common keys.</summary>
    public static OptionsSchema<FlashAdamOptions> Fields { get; } = new("FlashAdam", f => [.. AdamFields(f, decoupled: false)]);

    /// <summary>FlashAdamW's parameters: FlashAdam's with <c>decouple_lr</c> after <c>weight_decay</c>.</summary>
    public static OptionsSchema<FlashAdamOptions> DecoupledFields { get; } = new("FlashAdamW", f => [.. AdamFields(f, decoupled: true)]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Decoupled ? DecoupledFields : Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        ValidateCommon(group);
        ValidateBetas(group);
    }

    private static IEnumerable<OptionField<FlashAdamOptions>> AdamFields(OptionFields<FlashAdamOptions> f, bool decoupled)
    {
        foreach (var field in f.Inherit(LearningRateField)) yield return field;
        yield return f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second });
        yield return f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative);
        yield return f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative);
        if (decoupled) yield return f.Flag("decouple_lr", o => o.DecoupleLr, (o, v) => o with { DecoupleLr = v });
        foreach (var field in f.Inherit(CommonFields)) yield return field;
    }
}
