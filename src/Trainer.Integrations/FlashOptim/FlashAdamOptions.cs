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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults()
    {
        var defaults = new OrderedDictionary<string, object?>
        {
            ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
        };
        if (Decoupled) defaults["decouple_lr"] = DecoupleLr;
        AddCommonDefaults(defaults);
        return defaults;
    }

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ValidateCommon(group);
        HyperParameters.NonNegative(group, "eps");
        ValidateBetas(group);
        HyperParameters.NonNegative(group, "weight_decay");
    }
}
