namespace Training.Schedulers.Tests.Transformers;

/// <summary>A configuration of each built-in scheduler that exercises its options, and how to advance it one step.</summary>
internal sealed record BuiltInSpecs(string Name, long? Warmup, long? Training, IReadOnlyDictionary<string, object?>? Kwargs)
{
    public static IReadOnlyList<BuiltInSpecs> All { get; } =
    [
        new("linear", 3, 20, null),
        new("cosine", 2, 20, new Dictionary<string, object?> { ["num_cycles"] = 0.5 }),
        new("cosine_with_restarts", 2, 20, new Dictionary<string, object?> { ["num_cycles"] = 3L }),
        new("polynomial", 2, 20, new Dictionary<string, object?> { ["lr_end"] = 1e-5, ["power"] = 2.0 }),
        new("constant", null, null, null),
        new("constant_with_warmup", 4, null, null),
        new("inverse_sqrt", 3, null, new Dictionary<string, object?> { ["timescale"] = 5L }),
        new("reduce_lr_on_plateau", null, null, new Dictionary<string, object?> { ["factor"] = 0.5, ["patience"] = 1L, ["cooldown"] = 1L }),
        new("cosine_with_min_lr", 2, 20, new Dictionary<string, object?> { ["min_lr"] = 1e-5 }),
        new("cosine_warmup_with_min_lr", 3, 20, new Dictionary<string, object?> { ["min_lr_rate"] = 0.1, ["warmup_lr_rate"] = 0.2 }),
        new("warmup_stable_decay", 2, 20, new Dictionary<string, object?> { ["num_decay_steps"] = 5L, ["decay_type"] = "1-sqrt", ["min_lr_ratio"] = 0.1 }),
        new("greedy", null, null, new Dictionary<string, object?>
        {
            ["factor"] = 0.5, ["patience"] = 1L, ["min_lr"] = 1e-5, ["max_lr"] = 1e-2, ["smooth"] = true, ["window_size"] = 3L,
            ["cooldown"] = 1L, ["warmup"] = 1L, ["reset_start"] = 3L,
        }),
    ];

    public static BuiltInSpecs For(string name) => All.Single(s => s.Name == name);

    public Scheduler Build(Optimizer optimizer) => SchedulerCatalog.GetScheduler(Name, optimizer, Warmup, Training, Kwargs);

    /// <summary>
    /// A metric that improves for five evaluations, then plateaus for five, repeatedly, so metric schedulers both
    /// raise and lower the lr (and GreedyLR reaches its minimum and resets).
    /// </summary>
    public static double Metric(int t) => t % 10 < 5 ? 1.0 - 0.01 * t : 2.0;

    /// <summary>One optimizer update and scheduler step (one evaluation for metric schedulers), t = 0-based step index.</summary>
    public void Advance(Scheduler scheduler, Optimizer optimizer, int t)
    {
        optimizer.Step();
        if (scheduler is MetricScheduler metric) metric.Step(Metric(t));
        else scheduler.Step();
    }
}
