using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Constructor arguments of bitsandbytes' <c>Lion</c> (its class defaults).</summary>
public sealed record BitsAndBytesLionOptions : BitsAndBytesOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-4;
    /// <summary>Interpolation factor of the update direction.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the momentum.</summary>
    public double Beta2 { get; init; } = 0.99;
    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["weight_decay"] = WeightDecay,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "weight_decay");
        CheckBits();
    }
}
