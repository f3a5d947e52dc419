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

    /// <summary>The declared parameters, in AdamW's order.</summary>
    public static OptionsSchema<BitsAndBytesAdamWOptions> Fields { get; } = new("AdamW", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
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
