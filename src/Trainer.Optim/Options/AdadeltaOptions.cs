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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["rho"] = Rho, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
        ["maximize"] = Maximize, ["foreach"] = null,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.InRange(group, "rho", 0, 1, highInclusive: true);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.NonNegative(group, "weight_decay");
    }
}
