using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of torch.optim.Adagrad.</summary>
public sealed record AdagradOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-2;
    /// <summary>Learning-rate decay per step.</summary>
    public double LrDecay { get; init; }
    /// <summary>L2 weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Initial value of the squared-gradient sum.</summary>
    public double InitialAccumulatorValue { get; init; }
    /// <summary>Term added to the denominator (1e-10 in PyTorch, 1e-6 in Cerebras).</summary>
    public double Eps { get; init; } = 1e-10;
    /// <summary>Maximize the objective.</summary>
    public bool Maximize { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["lr_decay"] = LrDecay, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
        ["initial_accumulator_value"] = InitialAccumulatorValue, ["foreach"] = null, ["maximize"] = Maximize,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "lr_decay");
        HyperParameters.NonNegative(group, "weight_decay");
        HyperParameters.NonNegative(group, "initial_accumulator_value");
        HyperParameters.NonNegative(group, "eps");
    }
}
