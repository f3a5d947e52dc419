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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["momentum"] = Momentum, ["alpha"] = Alpha, ["eps"] = Eps, ["centered"] = Centered,
        ["weight_decay"] = WeightDecay, ["foreach"] = null, ["maximize"] = Maximize, ["differentiable"] = false,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.NonNegative(group, "momentum");
        HyperParameters.NonNegative(group, "weight_decay");
        HyperParameters.NonNegative(group, "alpha");
    }
}
