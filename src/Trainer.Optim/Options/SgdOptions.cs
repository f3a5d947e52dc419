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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["momentum"] = Momentum, ["dampening"] = Dampening, ["weight_decay"] = WeightDecay,
        ["nesterov"] = Nesterov, ["maximize"] = Maximize, ["foreach"] = null, ["differentiable"] = false,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "momentum");
        HyperParameters.NonNegative(group, "weight_decay");
        if (group.GetFlag("nesterov") && (group["momentum"] <= 0 || group["dampening"] != 0))
            throw new ArgumentOutOfRangeException("nesterov", "Nesterov momentum requires a momentum and zero dampening");
    }
}
