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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
        ["foreach"] = null, ["maximize"] = Maximize,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "weight_decay");
    }
}
