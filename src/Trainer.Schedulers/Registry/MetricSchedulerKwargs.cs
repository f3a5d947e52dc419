namespace Training.Schedulers;

/// <summary>
/// Builds the metric-driven schedulers from <c>LrSchedulerKwargs</c> as <c>get_scheduler</c> does
/// (<c>f(optimizer, **kwargs)</c>; warm-up and training steps ignored): each keyword maps to the constructor
/// argument of the same name, anything else is rejected naming the key. <c>verbose</c> is accepted and ignored
/// (libraries here do not print).
/// </summary>
public static class MetricSchedulerKwargs
{
    /// <summary>ReduceLROnPlateau's arguments (PyTorch's constructor, without <c>verbose</c>).</summary>
    internal static IReadOnlyList<string> PlateauKeys { get; } = ["mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "min_lr", "eps"];

    private static readonly string[] GreedyKeys =
    [
        "mode", "factor", "patience", "threshold", "threshold_mode", "cooldown", "warmup", "min_lr", "max_lr", "eps", "verbose",
        "smooth", "window_size", "reset_start",
    ];

    /// <summary>torch.optim.lr_scheduler.ReduceLROnPlateau with PyTorch's defaults for absent keys.</summary>
    public static ReduceLROnPlateau ReduceLROnPlateau(SchedulerRequest request) => Plateau(request, "reduce_lr_on_plateau", [.. PlateauKeys, "verbose"]);

    /// <summary>
    /// ReduceLROnPlateau from the keyword arguments, with PyTorch's defaults, for both front ends that offer it
    /// (<paramref name="scheduler"/> names it in errors; <paramref name="keys"/> are the accepted keys).
    /// </summary>
    internal static ReduceLROnPlateau Plateau(SchedulerRequest request, string scheduler, IReadOnlyList<string> keys)
    {
        ArgumentNullException.ThrowIfNull(request);
        var k = request.Kwargs;
        k.EnsureOnly(scheduler, [.. keys]);
        return new ReduceLROnPlateau(request.Optimizer,
            mode: MetricModes.ParseMode(k.GetString("mode", "min")),
            factor: k.GetDouble("factor", 0.1),
            patience: k.GetLong("patience", 10),
            threshold: k.GetDouble("threshold", 1e-4),
            thresholdMode: MetricModes.ParseThresholdMode(k.GetString("threshold_mode", "rel")),
            cooldown: k.GetLong("cooldown", 0),
            minLr: k.GetPerGroup("min_lr", 0.0),
            eps: k.GetDouble("eps", 1e-8));
    }

    /// <summary>Transformers' GreedyLR with its defaults (<see cref="GreedyLROptions"/>) for absent keys.</summary>
    public static GreedyLR GreedyLR(SchedulerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var k = request.Kwargs;
        k.EnsureOnly("greedy", GreedyKeys);
        var d = new GreedyLROptions();
        var options = new GreedyLROptions
        {
            Mode = MetricModes.ParseMode(k.GetString("mode", d.Mode.ToPython())),
            Factor = k.GetDouble("factor", d.Factor),
            Patience = k.GetLong("patience", d.Patience),
            Threshold = k.GetDouble("threshold", d.Threshold),
            ThresholdMode = MetricModes.ParseThresholdMode(k.GetString("threshold_mode", d.ThresholdMode.ToPython())),
            Cooldown = k.GetLong("cooldown", d.Cooldown),
            Warmup = k.GetLong("warmup", d.Warmup),
            MinLr = k.GetPerGroup("min_lr", d.MinLr),
            MaxLr = k.GetPerGroup("max_lr", d.MaxLr),
            Eps = k.GetDouble("eps", d.Eps),
            Smooth = k.GetBool("smooth", d.Smooth),
            WindowSize = k.GetLong("window_size", d.WindowSize),
            ResetStart = k.GetLong("reset_start", d.ResetStart),
        };
        return new GreedyLR(request.Optimizer, options);
    }
}
