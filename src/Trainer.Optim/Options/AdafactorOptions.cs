using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of Hugging Face's Adafactor (<c>transformers.optimization.Adafactor</c>).</summary>
public sealed record AdafactorOptions : OptimizerOptions
{
    /// <summary>External learning rate; must be null when <see cref="RelativeStep"/> is on.</summary>
    public double? LearningRate { get; init; }
    /// <summary>Regularisation added to the squared gradient.</summary>
    public double Eps1 { get; init; } = 1e-30;
    /// <summary>Lower bound of the parameter scale.</summary>
    public double Eps2 { get; init; } = 1e-3;
    /// <summary>Threshold of the update's root mean square.</summary>
    public double ClipThreshold { get; init; } = 1.0;
    /// <summary>Exponent of the second-moment decay 1 − t^decay_rate.</summary>
    public double DecayRate { get; init; } = -0.8;
    /// <summary>First-moment decay; null disables the first moment (0 still keeps it).</summary>
    public double? Beta1 { get; init; }
    /// <summary>Weight decay, scaled by the applied learning rate.</summary>
    public double WeightDecay { get; init; }
    /// <summary>Scale the step by the parameter's RMS.</summary>
    public bool ScaleParameter { get; init; } = true;
    /// <summary>Use the time-dependent relative step min(1e-2, 1/sqrt(t)) instead of the external learning rate.</summary>
    public bool RelativeStep { get; init; } = true;
    /// <summary>Warm the relative step up from 1e-6·t.</summary>
    public bool WarmupInit { get; init; }

    /// <summary>The declared parameters, in Adafactor's order.</summary>
    public static OptionsSchema<AdafactorOptions> Fields { get; } = new("Adafactor", f =>
    [
        f.OptionalNumber("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }),
        f.Pair("eps", o => (o.Eps1, o.Eps2), (o, v) => o with { Eps1 = v.First, Eps2 = v.Second }),
        f.Number("clip_threshold", o => o.ClipThreshold, (o, v) => o with { ClipThreshold = v }, ArgumentRule.Positive),
        f.Number("decay_rate", o => o.DecayRate, (o, v) => o with { DecayRate = v }),
        f.OptionalNumber("beta1", o => o.Beta1, (o, v) => o with { Beta1 = v }),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("scale_parameter", o => o.ScaleParameter, (o, v) => o with { ScaleParameter = v }),
        f.Flag("relative_step", o => o.RelativeStep, (o, v) => o with { RelativeStep = v }),
        f.Flag("warmup_init", o => o.WarmupInit, (o, v) => o with { WarmupInit = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        var relative = group.GetFlag("relative_step");
        if (group.GetValue("lr") is not null && relative)
            throw new ArgumentOutOfRangeException("lr", "Cannot combine manual `lr` and `relative_step=True` options");
        if (group.GetFlag("warmup_init") && !relative)
            throw new ArgumentOutOfRangeException("warmup_init", "`warmup_init=True` requires `relative_step=True`");
        if (!relative && group.GetValue("lr") is null)
            throw new ArgumentOutOfRangeException("lr", "Adafactor needs a learning rate when `relative_step=False`");
        if (group.GetValue("lr") is not null) HyperParameters.LearningRate(group);
    }
}
