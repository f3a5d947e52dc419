using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.SGD (the learning rate has no default in PyTorch; 1e-3 here).</summary>
public sealed record SgdOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Momentum factor.</summary>
    public double Momentum { get; init; }
    /// <summary>Dampening of the momentum.</summary>
    public double Dampening { get; init; }
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Nesterov momentum (needs momentum and zero dampening).</summary>
    public bool Nesterov { get; init; }
    /// <summary>Maximize the objective.</summary>
    public bool Maximize { get; init; }
    /// <summary>
    /// Update every parameter of a group in one fused call: one pass over memory per float32 CPU tensor through the
    /// managed kernel, the tensor-op algorithm for other devices, dtypes and layouts (torch 2.x names this flag <c>fused</c> too).
    /// </summary>
    public bool Fused { get; init; }

    /// <summary>The declared parameters, in SGD's order.</summary>
    public static OptionsSchema<SgdOptions> Fields { get; } = new("SGD", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Number("momentum", o => o.Momentum, (o, v) => o with { Momentum = v }, ArgumentRule.NonNegative),
        f.Number("dampening", o => o.Dampening, (o, v) => o with { Dampening = v }),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("nesterov", o => o.Nesterov, (o, v) => o with { Nesterov = v }),
        f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
        f.Internal("foreach", _ => null),
        f.Internal("differentiable", _ => false),
        f.Internal("fused", o => o.Fused ? true : null),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        if (group.GetFlag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
            throw new ArgumentOutOfRangeException("nesterov", "Nesterov momentum requires a momentum and zero dampening");
    }
}
