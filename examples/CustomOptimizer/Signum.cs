using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Examples.CustomOptimizer;

/// <summary>Signum's settings.</summary>
internal sealed record SignumOptions : OptimizerOptions
{
    public double LearningRate { get; init; } = 1e-4;

    public double Momentum { get; init; } = 0.9;

    public double WeightDecay { get; init; }

    // Each parameter once: PyTorch-style key, how to read and write it, its rule. Defaults, group validation and the
    // binding of OptimArgs all derive from this list.
    public static OptionsSchema<SignumOptions> Fields { get; } = new("Signum", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Number("momentum", o => o.Momentum, (o, v) => o with { Momentum = v }, ArgumentRule.InRange(0, 1)),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
    ]);

    public override IOptionsSchema Schema() => Fields;
}

/// <summary>
/// Signum: a custom optimizer written against the Optimizer base — state under a PyTorch-style name, decoupled
/// weight decay, the update in one place. Checkpoints, closures and hooks come from the base class.
/// </summary>
internal sealed class Signum(IEnumerable<ParamGroup> groups, SignumOptions options) : PerParameterOptimizer(groups, options)
{
    public override string Name => "Signum";

    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) =>
        state.SetTensor("momentum_buffer", torch.zeros_like(parameter));

    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (lr, beta, decay) = (group.LearningRate, group["momentum"], group["weight_decay"]);
        if (decay != 0) parameter.mul_(Scalars.Keep(1 - lr * decay));
        var momentum = state.Tensor("momentum_buffer");
        momentum.mul_(Scalars.Keep(beta)).add_(gradient, Scalars.Keep(1 - beta));
        parameter.add_(momentum.sign(), Scalars.Keep(-lr));
    }
}
