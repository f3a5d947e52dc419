using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.RMSprop.</summary>
public sealed record RmsPropOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Smoothing constant of the squared-gradient average.</summary>
    public double Alpha { get; init; } = 0.99;
    /// <summary>Term added to the denominator.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Momentum factor.</summary>
    public double Momentum { get; init; }
    /// <summary>Normalise by the estimated variance instead of the raw second moment.</summary>
    public bool Centered { get; init; }
    /// <summary>Maximize the objective.</summary>
    public bool Maximize { get; init; }
    /// <summary>
    /// Update every parameter of a group in one fused call: one pass over memory per float32 CPU tensor through the
    /// managed kernel, the tensor-op algorithm for other devices, dtypes and layouts (our addition: torch's RMSprop has only <c>foreach</c>).
    /// </summary>
    public bool Fused { get; init; }

    /// <summary>The declared parameters, in RMSprop's order.</summary>
    public static OptionsSchema<RmsPropOptions> Fields { get; } = new("RMSprop", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Number("momentum", o => o.Momentum, (o, v) => o with { Momentum = v }, ArgumentRule.NonNegative),
        f.Number("alpha", o => o.Alpha, (o, v) => o with { Alpha = v }, ArgumentRule.NonNegative),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Flag("centered", o => o.Centered, (o, v) => o with { Centered = v }),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Internal("foreach", _ => null),
        f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
        f.Internal("differentiable", _ => false),
        f.Internal("fused", o => o.Fused ? true : null),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
