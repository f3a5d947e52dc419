using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.ASGD.</summary>
public sealed record AsgdOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Decay term.</summary>
    public double Lambd { get; init; } = 1e-4;
    /// <summary>Power for the eta update.</summary>
    public double Alpha { get; init; } = 0.75;
    /// <summary>Step at which averaging starts.</summary>
    public double T0 { get; init; } = 1e6;
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Maximize the objective.</summary>
    public bool Maximize { get; init; }

    /// <summary>The declared parameters, in ASGD's order.</summary>
    public static OptionsSchema<AsgdOptions> Fields { get; } = new("ASGD", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Number("lambd", o => o.Lambd, (o, v) => o with { Lambd = v }),
        f.Number("alpha", o => o.Alpha, (o, v) => o with { Alpha = v }),
        f.Number("t0", o => o.T0, (o, v) => o with { T0 = v }),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Internal("foreach", _ => null),
        f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
