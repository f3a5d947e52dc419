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

    /// <summary>The declared parameters, in AdamW's order.</summary>
    public static OptionsSchema<CerebrasAdamWOptions> Fields { get; } = new("AdamW", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("correct_bias", o => o.CorrectBias, (o, v) => o with { CorrectBias = v }),
        f.Flag("amsgrad", o => o.Amsgrad, (o, v) => o with { Amsgrad = v }),
        f.Number("l2_regularization_rate", o => o.L2RegularizationRate, (o, v) => o with { L2RegularizationRate = v }, ArgumentRule.NonNegative),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
