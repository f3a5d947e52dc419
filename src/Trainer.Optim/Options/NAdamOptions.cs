using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.NAdam.</summary>
public sealed record NAdamOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 2e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Term added to the denominator.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Momentum decay ψ.</summary>
    public double MomentumDecay { get; init; } = 4e-3;

    /// <summary>The declared parameters, in NAdam's order.</summary>
    public static OptionsSchema<NAdamOptions> Fields { get; } = new("NAdam", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Number("momentum_decay", o => o.MomentumDecay, (o, v) => o with { MomentumDecay = v }, ArgumentRule.NonNegative),
        f.Internal("foreach", _ => null),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
