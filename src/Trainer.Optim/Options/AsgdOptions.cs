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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["lambd"] = Lambd, ["alpha"] = Alpha, ["t0"] = T0, ["weight_decay"] = WeightDecay,
        ["foreach"] = null, ["maximize"] = Maximize,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "weight_decay");
    }
}
