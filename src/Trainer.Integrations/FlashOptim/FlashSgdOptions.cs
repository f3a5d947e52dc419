using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of FlashSGD (coupled L2 decay) and, with <see cref="Decoupled"/>, FlashSGDW.</summary>
public record FlashSgdOptions : FlashOptimizerOptions
{
    /// <summary>Momentum factor (0: plain SGD, no state).</summary>
    public double Momentum { get; init; }
    /// <summary>Dampening of the momentum (applied from the first step on).</summary>
    public double Dampening { get; init; }
    /// <summary>Weight decay (L2 through the gradient for FlashSGD, decoupled for FlashSGDW).</summary>
    public double WeightDecay { get; init; }
    /// <summary>Nesterov momentum (needs momentum and zero dampening).</summary>
    public bool Nesterov { get; init; }
    /// <summary>FlashSGDW only: decay scaled by lr/initial_lr instead of lr.</summary>
    public bool DecoupleLr { get; init; }

    /// <summary>True for FlashSGDW's decoupled decay (adds the <c>decouple_lr</c> key).</summary>
    protected virtual bool Decoupled => false;

    /// <summary>FlashSGD's parameters: lr, momentum, dampening, weight_decay, nesterov, then the family's common keys.</summary>
    public static OptionsSchema<FlashSgdOptions> Fields { get; } = new("FlashSGD", f => [.. SgdFields(f, decoupled: false)]);

    /// <summary>FlashSGDW's parameters: FlashSGD's with <c>decouple_lr</c> after <c>nesterov</c>.</summary>
    public static OptionsSchema<FlashSgdOptions> DecoupledFields { get; } = new("FlashSGDW", f => [.. SgdFields(f, decoupled: true)]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Decoupled ? DecoupledFields : Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        ValidateCommon(group);
        if (group.GetFlag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
            throw new ArgumentOutOfRangeException("nesterov", "Nesterov momentum requires a momentum and zero dampening");
    }

    private static IEnumerable<OptionField<FlashSgdOptions>> SgdFields(OptionFields<FlashSgdOptions> f, bool decoupled)
    {
        foreach (var field in f.Inherit(LearningRateField)) yield return field;
        yield return f.Number("momentum", o => o.Momentum, (o, v) => o with { Momentum = v }, ArgumentRule.NonNegative);
        yield return f.Number("dampening", o => o.Dampening, (o, v) => o with { Dampening = v });
        yield return f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative);
        yield return f.Flag("nesterov", o => o.Nesterov, (o, v) => o with { Nesterov = v });
        if (decoupled) yield return f.Flag("decouple_lr", o => o.DecoupleLr, (o, v) => o with { DecoupleLr = v });
        foreach (var field in f.Inherit(CommonFields)) yield return field;
    }
}
