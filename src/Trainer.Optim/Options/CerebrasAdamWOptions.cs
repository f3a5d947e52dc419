using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of Cerebras' AdamW (<c>AdamBase</c>): ε 1e-6, weight decay 0, bias correction on.</summary>
public record CerebrasAdamWOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Term added to the denominator, before bias correction (Hugging Face's AdamW form).</summary>
    public double Eps { get; init; } = 1e-6;
    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Apply Adam's bias correction (false = BERT-style Adam).</summary>
    public bool CorrectBias { get; init; } = true;
    /// <summary>Use the running maximum of the second moment.</summary>
    public bool Amsgrad { get; init; }
    /// <summary>Coupled L2 regularisation added to the gradient (Cerebras' Adam maps its weight_decay here).</summary>
    public double L2RegularizationRate { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
        ["correct_bias"] = CorrectBias, ["amsgrad"] = Amsgrad, ["l2_regularization_rate"] = L2RegularizationRate,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "weight_decay");
        HyperParameters.NonNegative(group, "l2_regularization_rate");
    }
}
