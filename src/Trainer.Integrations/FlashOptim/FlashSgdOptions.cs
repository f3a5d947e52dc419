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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults()
    {
        var defaults = new OrderedDictionary<string, object?>
        {
            ["lr"] = LearningRate, ["momentum"] = Momentum, ["dampening"] = Dampening, ["weight_decay"] = WeightDecay,
            ["nesterov"] = Nesterov,
        };
        if (Decoupled) defaults["decouple_lr"] = DecoupleLr;
        AddCommonDefaults(defaults);
        return defaults;
    }

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ValidateCommon(group);
        HyperParameters.NonNegative(group, "momentum");
        HyperParameters.NonNegative(group, "weight_decay");
        if (group.GetFlag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
            throw new ArgumentOutOfRangeException("nesterov", "Nesterov momentum requires a momentum and zero dampening");
    }
}
