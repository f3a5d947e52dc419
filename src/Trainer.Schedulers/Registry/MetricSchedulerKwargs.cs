using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// The declared arguments of the metric-driven schedulers and how their bound values build them, as
/// <c>get_scheduler</c> does (<c>f(optimizer, **kwargs)</c>; warm-up and training steps ignored): each keyword is the
/// constructor argument of the same name with PyTorch's / Transformers' default, anything else is rejected naming
/// the closest key. <c>verbose</c> is accepted and ignored (libraries here do not print).
/// </summary>
public static class MetricSchedulerKwargs
{
    /// <summary>torch.optim.lr_scheduler.ReduceLROnPlateau's arguments, without <c>verbose</c> (the <c>torch.ReduceLROnPlateau</c> entry).</summary>
    public static ArgumentSchema PlateauArguments { get; } = new("ReduceLROnPlateau", PlateauSpecs());

    /// <summary>The <c>reduce_lr_on_plateau</c> entry's arguments: ReduceLROnPlateau's, plus <c>verbose</c>.</summary>
    public static ArgumentSchema ReduceLROnPlateauArguments { get; } = new("reduce_lr_on_plateau", [.. PlateauSpecs(), Declare.Object("verbose")]);

    /// <summary>The <c>greedy</c> entry's arguments, with <see cref="GreedyLROptions"/>' defaults.</summary>
    public static ArgumentSchema GreedyArguments { get; } = new("greedy", GreedySpecs(new GreedyLROptions()));

    /// <summary>torch.optim.lr_scheduler.ReduceLROnPlateau from bound <see cref="PlateauArguments"/> or <see cref="ReduceLROnPlateauArguments"/>.</summary>
    public static ReduceLROnPlateau ReduceLROnPlateau(Optimizer optimizer, BoundArguments a)
    {
        ArgumentNullException.ThrowIfNull(a);
        return new ReduceLROnPlateau(optimizer,
            mode: MetricModes.ParseMode(a.Text("mode")),
            factor: a.Number("factor"),
            patience: a.Integer("patience"),
            threshold: a.Number("threshold"),
            thresholdMode: MetricModes.ParseThresholdMode(a.Text("threshold_mode")),
            cooldown: a.Integer("cooldown"),
            minLr: a.Groups("min_lr"),
            eps: a.Number("eps"));
    }

    /// <summary>Transformers' GreedyLR from bound <see cref="GreedyArguments"/>.</summary>
    public static GreedyLR GreedyLR(Optimizer optimizer, BoundArguments a)
    {
        ArgumentNullException.ThrowIfNull(a);
        var options = new GreedyLROptions
        {
            Mode = MetricModes.ParseMode(a.Text("mode")),
            Factor = a.Number("factor"),
            Patience = a.Integer("patience"),
            Threshold = a.Number("threshold"),
            ThresholdMode = MetricModes.ParseThresholdMode(a.Text("threshold_mode")),
            Cooldown = a.Integer("cooldown"),
            Warmup = a.Integer("warmup"),
            MinLr = a.Groups("min_lr"),
            MaxLr = a.Groups("max_lr"),
            Eps = a.Number("eps"),
            Smooth = a.Flag("smooth"),
            WindowSize = a.Integer("window_size"),
            ResetStart = a.Integer("reset_start"),
        };
        return new GreedyLR(optimizer, options);
    }

    // PyTorch's ReduceLROnPlateau(optimizer, mode="min", factor=0.1, patience=10, threshold=1e-4, threshold_mode="rel",
    // cooldown=0, min_lr=0, eps=1e-8); the string options are checked by the constructor with PyTorch's messages.
    private static ArgumentSpec[] PlateauSpecs() =>
    [
        Declare.Text("mode", "min"), Declare.Number("factor", 0.1), Declare.Integer("patience", 10), Declare.Number("threshold", 1e-4),
        Declare.Text("threshold_mode", "rel"), Declare.Integer("cooldown", 0), Declare.Groups("min_lr", 0.0), Declare.Number("eps", 1e-8),
    ];

    // Transformers' GreedyLR signature order; the defaults are GreedyLROptions' (written once, there).
    private static ArgumentSpec[] GreedySpecs(GreedyLROptions d) =>
    [
        Declare.Text("mode", d.Mode.ToPython()), Declare.Number("factor", d.Factor), Declare.Integer("patience", d.Patience),
        Declare.Number("threshold", d.Threshold), Declare.Text("threshold_mode", d.ThresholdMode.ToPython()), Declare.Integer("cooldown", d.Cooldown),
        Declare.Integer("warmup", d.Warmup), Declare.Groups("min_lr", d.MinLr), Declare.Groups("max_lr", d.MaxLr), Declare.Number("eps", d.Eps),
        Declare.Object("verbose"), Declare.Flag("smooth", d.Smooth), Declare.Integer("window_size", d.WindowSize), Declare.Integer("reset_start", d.ResetStart),
    ];
}
