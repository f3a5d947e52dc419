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

    public override IReadOnlyDictionary<string, object?> ToDefaults() => new Dictionary<string, object?>
    {
        ["lr"] = LearningRate, ["momentum"] = Momentum, ["weight_decay"] = WeightDecay,
    };

    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.InRange(group, "momentum", 0, 1);
        HyperParameters.NonNegative(group, "weight_decay");
    }
}

/// <summary>
/// Signum: a custom optimizer written against the Optimizer base — state under a PyTorch-style name, decoupled
/// weight decay, the update in one place. Checkpoints, closures and hooks come from the base class.
/// </summary>
internal sealed class Signum(IEnumerable<ParamGroup> groups, SignumOptions options) : Optimizer(groups, options)
{
    public override string Name => "Signum";

    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) =>
        state.SetTensor("momentum_buffer", torch.zeros_like(parameter));

    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (lr, beta, decay) = (group.LearningRate, group["momentum"], group["weight_decay"]);
        if (decay != 0) parameter.mul_(1 - lr * decay);
        var momentum = state.Tensor("momentum_buffer");
        momentum.mul_(beta).add_(gradient, 1 - beta);
        parameter.add_(momentum.sign(), -lr);
    }
}
