using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Constructor arguments of bitsandbytes' <c>AdamW</c> (its class defaults).</summary>
public sealed record BitsAndBytesAdamWOptions : BitsAndBytesOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>β1.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>β2.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>ε.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Decoupled weight decay (the Trainer's groups override it).</summary>
    public double WeightDecay { get; init; } = 1e-2;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.NonNegative(group, "weight_decay");
        CheckBits();
    }
}
