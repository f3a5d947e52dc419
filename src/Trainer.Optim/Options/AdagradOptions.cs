using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.Adagrad.</summary>
public sealed record AdagradOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Learning-rate decay per step.</summary>
    public double LrDecay { get; init; }
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Initial value of the squared-gradient sum.</summary>
    public double InitialAccumulatorValue { get; init; }
    /// <summary>Term added to the denominator (1e-10 in PyTorch, 1e-6 in Cerebras).</summary>
    public double Eps { get; init; } = 1e-10;
    /// <summary>Maximize the objective.</summary>
    public bool Maximize { get; init; }
    /// <summary>
    /// Update every parameter of a group in one fused call: one pass over memory per float32 CPU tensor through the
    /// managed kernel, the tensor-op algorithm for other devices, dtypes and layouts (torch 2.x names this flag <c>fused</c> too).
    /// </summary>
    public bool Fused { get; init; }

    /// <summary>The declared parameters, in Adagrad's order.</summary>
    public static OptionsSchema<AdagradOptions> Fields { get; } = new("Adagrad", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Number("lr_decay", o => o.LrDecay, (o, v) => o with { LrDecay = v }, ArgumentRule.NonNegative),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Number("initial_accumulator_value", o => o.InitialAccumulatorValue, (o, v) => o with { InitialAccumulatorValue = v }, ArgumentRule.NonNegative),
        f.Internal("foreach", _ => null),
        f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
        f.Internal("fused", o => o.Fused ? true : null),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
