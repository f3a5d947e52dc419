using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.Adadelta.</summary>
public sealed record AdadeltaOptions : OptimizerOptions
{
    /// <summary>Coefficient scaling the delta.</summary>
    public double LearningRate { get; init; } = 1.0;
    /// <summary>Decay of the running averages.</summary>
    public double Rho { get; init; } = 0.9;
    /// <summary>Term added for numerical stability.</summary>
    public double Eps { get; init; } = 1e-6;
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Maximize the objective.</summary>
    public bool Maximize { get; init; }

    /// <summary>The declared parameters, in Adadelta's order.</summary>
    public static OptionsSchema<AdadeltaOptions> Fields { get; } = new("Adadelta", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Number("rho", o => o.Rho, (o, v) => o with { Rho = v }, ArgumentRule.InRange(0, 1, highInclusive: true)),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
        f.Internal("foreach", _ => null),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
