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

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["eps"] = new[] { Eps1, Eps2 }, ["clip_threshold"] = ClipThreshold, ["decay_rate"] = DecayRate,
        ["beta1"] = Beta1, ["weight_decay"] = WeightDecay, ["scale_parameter"] = ScaleParameter,
        ["relative_step"] = RelativeStep, ["warmup_init"] = WarmupInit,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var relative = group.GetFlag("relative_step");
        if (group.GetValue("lr") is not null && relative)
            throw new ArgumentOutOfRangeException("lr", "Cannot combine manual `lr` and `relative_step=True` options");
        if (group.GetFlag("warmup_init") && !relative)
            throw new ArgumentOutOfRangeException("warmup_init", "`warmup_init=True` requires `relative_step=True`");
        if (!relative && group.GetValue("lr") is null)
            throw new ArgumentOutOfRangeException("lr", "Adafactor needs a learning rate when `relative_step=False`");
        if (group.GetValue("lr") is not null) HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "weight_decay");
        HyperParameters.Positive(group, "clip_threshold");
    }
}
