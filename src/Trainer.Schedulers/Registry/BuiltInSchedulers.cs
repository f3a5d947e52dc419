using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// The built-in registry entries: Transformers' <c>SchedulerType</c> names, built as Transformers'
/// <c>get_scheduler</c> builds them (LambdaLR multipliers of each group's initial learning rate, or the metric
/// schedulers), with its dispatch: <c>constant</c> ignores warm-up, training steps and kwargs;
/// <c>reduce_lr_on_plateau</c> and <c>greedy</c> ignore the step counts; every other type requires
/// <c>num_warmup_steps</c>; <c>constant_with_warmup</c> ignores kwargs; <c>inverse_sqrt</c> and
/// <c>warmup_stable_decay</c> do not need <c>num_training_steps</c>; the rest require it. The step counts are
/// checked before the kwargs, and a keyword a schedule does not take is rejected naming it (Python's TypeError).
/// </summary>
public static class BuiltInSchedulers
{
    /// <summary>Every Transformers <c>SchedulerType</c>, in upstream's enum order.</summary>
    public static IReadOnlyList<SchedulerDescriptor> All { get; } =
    [
        Entry("linear", "linear warm-up from 0, then linear decay to 0 at the last training step", r =>
        {
            var (w, n) = (Warmup(r, "linear"), Training(r, "linear"));
            r.Kwargs.EnsureOnly("linear");
            return Lambda(r, LinearSchedules.Linear(w, n));
        }),
        Entry("cosine", "linear warm-up, then cosine decay to 0 over num_cycles (0.5) waves; rises again after the last step", r =>
        {
            var (w, n) = (Warmup(r, "cosine"), Training(r, "cosine"));
            r.Kwargs.EnsureOnly("cosine", "num_cycles");
            return Lambda(r, CosineSchedules.Cosine(w, n, r.Kwargs.GetDouble("num_cycles", 0.5)));
        }),
        Entry("cosine_with_restarts", "linear warm-up, then num_cycles (1) cosine decays to 0 with hard restarts; 0 after the last step", r =>
        {
            var (w, n) = (Warmup(r, "cosine_with_restarts"), Training(r, "cosine_with_restarts"));
            r.Kwargs.EnsureOnly("cosine_with_restarts", "num_cycles");
            return Lambda(r, CosineSchedules.CosineWithHardRestarts(w, n, r.Kwargs.GetDouble("num_cycles", 1.0)));
        }),
        Entry("polynomial", "linear warm-up, then polynomial decay (power 1) from the optimizer's default lr to lr_end (1e-7)", r =>
        {
            var (w, n) = (Warmup(r, "polynomial"), Training(r, "polynomial"));
            r.Kwargs.EnsureOnly("polynomial", "lr_end", "power");
            return Lambda(r, PolynomialSchedules.PolynomialDecay(w, n, r.Kwargs.GetDouble("lr_end", 1e-7), r.Kwargs.GetDouble("power", 1.0),
                DefaultsLearningRate(r.Optimizer)));
        }),
        Entry("constant", "constant learning rate (warm-up, training steps and kwargs ignored)",
            r => Lambda(r, LinearSchedules.Constant())),
        Entry("constant_with_warmup", "linear warm-up, then constant (kwargs ignored)",
            r => Lambda(r, LinearSchedules.ConstantWithWarmup(Warmup(r, "constant_with_warmup")))),
        Entry("inverse_sqrt", "linear warm-up, then 1/sqrt decay with timescale (warm-up steps, or 10000)", r =>
        {
            var w = Warmup(r, "inverse_sqrt");
            r.Kwargs.EnsureOnly("inverse_sqrt", "timescale");
            return Lambda(r, InverseSqrtSchedules.InverseSqrt(w, r.Kwargs.GetNullableDouble("timescale")));
        }),
        Entry("reduce_lr_on_plateau", "metric-driven: multiply the lr by factor (0.1) after patience (10) evaluations without improvement",
            MetricSchedulerKwargs.ReduceLROnPlateau),
        Entry("cosine_with_min_lr", "linear warm-up, then cosine decay to min_lr or min_lr_rate times the initial lr", r =>
        {
            var (w, n) = (Warmup(r, "cosine_with_min_lr"), Training(r, "cosine_with_min_lr"));
            r.Kwargs.EnsureOnly("cosine_with_min_lr", "num_cycles", "min_lr", "min_lr_rate");
            return Lambda(r, CosineSchedules.CosineWithMinLr(w, n, r.Kwargs.GetDouble("num_cycles", 0.5), MinLrRate(r)));
        }),
        Entry("cosine_warmup_with_min_lr", "warm-up starting above 0 (warmup_lr_rate), then cosine decay reaching the minimum at the last step", r =>
        {
            var (w, n) = (Warmup(r, "cosine_warmup_with_min_lr"), Training(r, "cosine_warmup_with_min_lr"));
            r.Kwargs.EnsureOnly("cosine_warmup_with_min_lr", "num_cycles", "min_lr", "min_lr_rate", "warmup_lr_rate");
            return Lambda(r, CosineSchedules.CosineWarmupWithMinLr(w, n, r.Kwargs.GetDouble("num_cycles", 0.5), MinLrRate(r),
                r.Kwargs.GetNullableDouble("warmup_lr_rate")));
        }),
        Entry("warmup_stable_decay", "warm-up, stable phase, then decay over num_decay_steps to min_lr_ratio (linear, cosine or 1-sqrt)", r =>
        {
            var w = Warmup(r, "warmup_stable_decay");
            var k = r.Kwargs;
            k.EnsureOnly("warmup_stable_decay", "num_decay_steps", "num_stable_steps", "warmup_type", "decay_type", "min_lr_ratio", "num_cycles");
            var decay = k.GetNullableLong("num_decay_steps")
                        ?? throw new ArgumentException("get_wsd_schedule() missing 1 required positional argument: 'num_decay_steps'", "num_decay_steps");
            return Lambda(r, WarmupStableDecaySchedules.FromTypeNames(w, decay, r.NumTrainingSteps, k.GetNullableLong("num_stable_steps"),
                k.GetString("warmup_type", "linear"), k.GetString("decay_type", "cosine"), k.GetDouble("min_lr_ratio", 0), k.GetDouble("num_cycles", 0.5)));
        }),
        Entry("greedy", "metric-driven GreedyLR: raise the lr on sustained improvement, lower it on plateaus, reset after a long stay at min_lr",
            MetricSchedulerKwargs.GreedyLR),
    ];

    /// <summary>
    /// Entries beyond Transformers' <c>SchedulerType</c>, registered by <c>AddBuiltInSchedulers</c> but not known to
    /// <see cref="SchedulerCatalog.GetScheduler"/> (which mirrors Transformers): <c>adafactor</c>, the
    /// <see cref="AdafactorScheduler"/> proxy (kwarg <c>initial_lr</c>, 0).
    /// </summary>
    public static IReadOnlyList<SchedulerDescriptor> Extras { get; } =
    [
        Entry("adafactor", "reports the step size Adafactor applies (AdafactorSchedule); needs the Adafactor optimizer", r =>
        {
            r.Kwargs.EnsureOnly("adafactor", "initial_lr");
            var adafactor = r.Optimizer as Adafactor
                            ?? throw new ArgumentException($"the adafactor scheduler reports Adafactor's own step size and needs the Adafactor optimizer, got {r.Optimizer.Name}", nameof(SchedulerRequest.Optimizer));
            return new AdafactorScheduler(adafactor, r.Kwargs.GetDouble("initial_lr", 0.0));
        }),
    ];

    /// <summary>Prefix of PyTorch's scheduler classes in the registry (<c>torch.StepLR</c>).</summary>
    public const string TorchPrefix = "torch.";

    /// <summary>Prefix of Cerebras' scheduler classes in the registry (<c>cerebras.CosineDecayLR</c>).</summary>
    public const string CerebrasPrefix = "cerebras.";

    /// <summary><see cref="All"/>, <see cref="Extras"/>, and the PyTorch and Cerebras catalogues under their prefixes.</summary>
    public static IReadOnlyList<SchedulerDescriptor> WithLibraryCatalogs { get; } =
    [
        .. All,
        .. Extras,
        .. TorchSchedulerCatalog.All.Select(d => d with { Name = TorchPrefix + d.Name }),
        .. CerebrasSchedulerCatalog.All.Select(d => d with { Name = CerebrasPrefix + d.Name }),
    ];

    /// <summary>The names of <see cref="All"/>, in upstream's order.</summary>
    public static IReadOnlyList<string> Names => All.Select(d => d.Name).ToList();

    /// <summary>A registry entry from a factory of the request.</summary>
    public static SchedulerDescriptor Entry(string name, string description, Func<SchedulerRequest, Scheduler> build) =>
        new(name, description, (request, _) => build(request));

    /// <summary>A LambdaLR: the multiplier schedule times each group's initial learning rate.</summary>
    public static ScheduledValue Lambda(SchedulerRequest request, ISchedule multiplier)
    {
        ArgumentNullException.ThrowIfNull(request);
        return ScheduledValue.FromMultiplier("LambdaLR", request.Optimizer, "lr", multiplier);
    }

    /// <summary>Transformers' check: "{name} requires `num_warmup_steps`, please provide that argument."</summary>
    public static long RequireWarmup(SchedulerRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.NumWarmupSteps ?? throw new ArgumentException($"{name} requires `num_warmup_steps`, please provide that argument.", "WarmupSteps");
    }

    /// <summary>Transformers' check: "{name} requires `num_training_steps`, please provide that argument."</summary>
    public static long RequireTraining(SchedulerRequest request, string name)
    {
        ArgumentNullException.ThrowIfNull(request);
        return request.NumTrainingSteps ?? throw new ArgumentException($"{name} requires `num_training_steps`, please provide that argument.", "MaxSteps");
    }

    /// <summary>The optimizer's default learning rate (<c>optimizer.defaults["lr"]</c>), which some schedules read for every group.</summary>
    public static double DefaultsLearningRate(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return optimizer.Defaults.TryGetValue("lr", out var lr) && lr is not null
            ? Convert.ToDouble(lr, System.Globalization.CultureInfo.InvariantCulture)
            : throw new ArgumentException($"{optimizer.Name} has no default lr (optimizer.defaults[\"lr\"]), which this schedule needs", nameof(optimizer));
    }

    // Upstream's message names the enum member: "SchedulerType.LINEAR requires ...".
    private static long Warmup(SchedulerRequest r, string name) => RequireWarmup(r, $"SchedulerType.{name.ToUpperInvariant()}");

    private static long Training(SchedulerRequest r, string name) => RequireTraining(r, $"SchedulerType.{name.ToUpperInvariant()}");

    // Exactly one of min_lr (absolute, divided by the optimizer's default lr for every group) and min_lr_rate.
    private static double MinLrRate(SchedulerRequest r)
    {
        var minLr = r.Kwargs.GetNullableDouble("min_lr");
        var minLrRate = r.Kwargs.GetNullableDouble("min_lr_rate");
        if (minLr is not null && minLrRate is not null) throw new ArgumentException("Only one of min_lr or min_lr_rate should be set", "min_lr");
        if (minLr is { } absolute) return absolute / DefaultsLearningRate(r.Optimizer);
        return minLrRate ?? throw new ArgumentException("One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`", "min_lr_rate");
    }
}
