namespace Training.Optim;

/// <summary>
/// The parameters of Hugging Face's legacy <c>transformers.AdamW</c>, which Cerebras' AdamW, GaLore's and APOLLO's
/// AdamW all keep: lr 1e-3, betas (0.9, 0.999), ε 1e-6 added to √v, decoupled weight decay 0, bias correction on.
/// Declared once here; each family derives and adds its own keys after these.
/// </summary>
public abstract record HuggingFaceAdamWOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to √v (before bias correction, Hugging Face's form).</summary>
    public double Eps { get; init; } = 1e-6;
    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Apply Adam's bias correction (false = BERT-style Adam).</summary>
    public bool CorrectBias { get; init; } = true;

    /// <summary>The shared parameters, in Hugging Face's order (lr, betas, eps, weight_decay, correct_bias).</summary>
    public static OptionsSchema<HuggingFaceAdamWOptions> CommonFields { get; } = new("AdamW", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("correct_bias", o => o.CorrectBias, (o, v) => o with { CorrectBias = v }),
    ]);
}
