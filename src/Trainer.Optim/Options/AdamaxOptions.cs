using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.Adamax.</summary>
public sealed record AdamaxOptions : OptimizerOptions
{
    /// <summary>Learning rate (2e-3 in PyTorch, 1e-3 in Cerebras).</summary>
    public double LearningRate { get; init; } = 2e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the infinity norm.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Term added to the norm (1e-8 in PyTorch, 1e-6 in Cerebras).</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Maximize the objective.</summary>
    public bool Maximize { get; init; }

    /// <summary>The declared parameters, in Adamax's order.</summary>
    public static OptionsSchema<AdamaxOptions> Fields { get; } = new("Adamax", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Internal("foreach", _ => null),
        f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
