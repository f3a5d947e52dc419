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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults()
    {
        var defaults = new OrderedDictionary<string, object?>
        {
            ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["weight_decay"] = WeightDecay, ["decouple_lr"] = DecoupleLr,
        };
        AddCommonDefaults(defaults);
        return defaults;
    }

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ValidateCommon(group);
        ValidateBetas(group);
        HyperParameters.NonNegative(group, "weight_decay");
    }
}
