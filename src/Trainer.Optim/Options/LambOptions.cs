using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of Cerebras' Lamb.</summary>
public sealed record LambOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Term added to the denominator (Cerebras uses 1e-6, although its docstring says 1e-8).</summary>
    public double Eps { get; init; } = 1e-6;
    /// <summary>Decoupled weight decay, added to the Adam step before the trust ratio.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Force a trust ratio of 1 (Adam without bias correction, for comparison).</summary>
    public bool Adam { get; init; }
    /// <summary>
    /// Update every parameter of a group in one fused call: two passes over memory per float32 CPU tensor through the
    /// managed kernel (the trust ratio needs the whole tensor first), the tensor-op algorithm for other devices,
    /// dtypes and layouts (our addition: Cerebras' Lamb has no fused flag).
    /// </summary>
    public bool Fused { get; init; }

    /// <summary>The declared parameters, in Lamb's order.</summary>
    public static OptionsSchema<LambOptions> Fields { get; } = new("Lamb", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("adam", o => o.Adam, (o, v) => o with { Adam = v }),
        f.Internal("fused", o => o.Fused ? true : null),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
