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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
        ["alpha_init"] = AlphaInit, ["lamb"] = Lamb, ["gamma"] = Gamma,
        ["grokking_signal_decay_rate"] = GrokkingSignalDecayRate, ["gradient_clipping"] = GradientClipping,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "weight_decay");
        HyperParameters.InRange(group, "alpha_init", 0, 1, highInclusive: true);
        HyperParameters.NonNegative(group, "lamb");
        HyperParameters.InRange(group, "gamma", 0, 1, highInclusive: true);
        HyperParameters.NonNegative(group, "grokking_signal_decay_rate");
        HyperParameters.NonNegative(group, "gradient_clipping");
    }
}
