using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of Cerebras' Lamb.</summary>
public sealed record LambOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Term added to the denominator (Cerebras uses 1e-6, although its docstring says 1e-8).</summary>
    public double Eps { get; init; } = 1e-6;
    /// <summary>Decoupled weight decay, added to the Adam step before the trust ratio.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Force a trust ratio of 1 (Adam without bias correction, for comparison).</summary>
    public bool Adam { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay, ["adam"] = Adam,
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
