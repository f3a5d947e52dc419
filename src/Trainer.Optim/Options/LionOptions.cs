using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of Lion (Cerebras / google-automl lion_pytorch).</summary>
public sealed record LionOptions : OptimizerOptions
{
    /// <summary>Learning rate (Lion wants 3-10x smaller than AdamW).</summary>
    public double LearningRate { get; init; } = 1e-4;
    /// <summary>Interpolation factor of the update direction.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the momentum.</summary>
    public double Beta2 { get; init; } = 0.99;
    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["weight_decay"] = WeightDecay,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "weight_decay");
    }
}
