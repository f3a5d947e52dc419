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

    /// <summary>The declared parameters, in Lion's order.</summary>
    public static OptionsSchema<BitsAndBytesLionOptions> Fields { get; } = new("Lion", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Internal("fused", o => o.Fused ? true : null),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        CheckBits();
    }
}
