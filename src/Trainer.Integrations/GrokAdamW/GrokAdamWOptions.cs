using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of GrokAdamW (<c>grokadamw/grokadamw.py</c>, 0.1.2).</summary>
public sealed record GrokAdamWOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay of the first moment (before the per-position decay by <see cref="Gamma"/>).</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Added to the denominator.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Decoupled weight decay (<c>p ← p·(1 − lr·wd)</c>).</summary>
    public double WeightDecay { get; init; } = 1e-2;
    /// <summary>Decay of the grok EMA when the grokking signal is 0.</summary>
    public double AlphaInit { get; init; } = 0.98;
    /// <summary>Amplification λ of the slow (EMA) gradient component.</summary>
    public double Lamb { get; init; } = 2.0;
    /// <summary>Per-position β1 decay: the i-th parameter with a gradient in a group uses <c>β1·(1 − γ)^i</c>.</summary>
    public double Gamma { get; init; } = 0.1;
    /// <summary>How fast the grokking signal lowers the EMA decay: <c>α = alpha_init·exp(−rate·signal)</c>.</summary>
    public double GrokkingSignalDecayRate { get; init; } = 0.1;
    /// <summary>Per-parameter gradient-norm clip (applied in place to the gradient); 0 or less disables it.</summary>
    public double GradientClipping { get; init; } = 1.0;

    /// <summary>
    /// Functions giving the grokking signal (upstream's <c>grokking_signal_fns</c>): the mean of their non-null
    /// results is used. When null, the signal comes from the group keys <c>train_loss</c>/<c>eval_loss</c>. Not
    /// part of the state dict (functions cannot be saved; upstream also writes None).
    /// </summary>
    public IReadOnlyList<Func<double?>>? GrokkingSignalFunctions { get; init; }

    /// <summary>The declared parameters, in GrokAdamW's order.</summary>
    public static OptionsSchema<GrokAdamWOptions> Fields { get; } = new("GrokAdamW", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Number("alpha_init", o => o.AlphaInit, (o, v) => o with { AlphaInit = v }, ArgumentRule.InRange(0, 1, highInclusive: true)),
        f.Number("lamb", o => o.Lamb, (o, v) => o with { Lamb = v }, ArgumentRule.NonNegative),
        f.Number("gamma", o => o.Gamma, (o, v) => o with { Gamma = v }, ArgumentRule.InRange(0, 1, highInclusive: true)),
        f.Number("grokking_signal_decay_rate", o => o.GrokkingSignalDecayRate, (o, v) => o with { GrokkingSignalDecayRate = v }, ArgumentRule.NonNegative),
        f.Number("gradient_clipping", o => o.GradientClipping, (o, v) => o with { GradientClipping = v }, ArgumentRule.NonNegative),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
