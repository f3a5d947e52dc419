using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// The built-in registry entries: Transformers' <c>SchedulerType</c> names, built as Transformers'
/// <c>get_scheduler</c> builds them (LambdaLR multipliers of each group's initial learning rate, or the metric
/// schedulers), with its dispatch: <c>constant</c> ignores warm-up, training steps and kwargs;
/// <c>reduce_lr_on_plateau</c> and <c>greedy</c> ignore the step counts; every other type requires
/// <c>num_warmup_steps</c>; <c>constant_with_warmup</c> ignores kwargs; <c>inverse_sqrt</c> and
/// <c>warmup_stable_decay</c> do not need <c>num_training_steps</c>; the rest require it. The step counts are
/// checked before the kwargs (<see cref="SchedulerDescriptor.RequiredSteps"/>). Each entry declares its kwargs
/// under upstream's names with upstream's defaults; a keyword a schedule does not take is rejected naming the
/// closest one (Python's TypeError), except where upstream drops kwargs (<c>constant</c>, <c>constant_with_warmup</c>).
/// </summary>
public static class BuiltInSchedulers
{
    /// <summary>Every Transformers <c>SchedulerType</c>, in upstream's enum order.</summary>
    public static IReadOnlyList<SchedulerDescriptor> All { get; } =
    [
        Entry("linear", "linear warm-up from 0, then linear decay to 0 at the last training step",
            Schema("linear"), (r, _) => Lambda(r, LinearSchedules.Linear(Warmup(r, "linear"), Training(r, "linear"))), WarmupAndTraining),
        Entry("cosine", "linear warm-up, then cosine decay to 0 over num_cycles (0.5) waves; rises again after the last step",
            Schema("cosine", Declare.Number("num_cycles", 0.5)),
            (r, a) => Lambda(r, CosineSchedules.Cosine(Warmup(r, "cosine"), Training(r, "cosine"), a.Number("num_cycles"))), WarmupAndTraining),
        Entry("cosine_with_restarts", "linear warm-up, then num_cycles (1) cosine decays to 0 with hard restarts; 0 after the last step",
            Schema("cosine_with_restarts", Declare.Number("num_cycles", 1.0)),
            (r, a) => Lambda(r, CosineSchedules.CosineWithHardRestarts(Warmup(r, "cosine_with_restarts"), Training(r, "cosine_with_restarts"),
                a.Number("num_cycles"))), WarmupAndTraining),
        Entry("polynomial", "linear warm-up, then polynomial decay (power 1) from the optimizer's default lr to lr_end (1e-7)",
            Schema("polynomial", Declare.Number("lr_end", 1e-7), Declare.Number("power", 1.0)),
            (r, a) => Lambda(r, PolynomialSchedules.PolynomialDecay(Warmup(r, "polynomial"), Training(r, "polynomial"), a.Number("lr_end"),
                a.Number("power"), DefaultsLearningRate(r.Optimizer))), WarmupAndTraining),
        // get_scheduler returns schedule_func(optimizer) before reading anything else: kwargs are dropped.
        Entry("constant", "constant learning rate (warm-up, training steps and kwargs ignored)",
            ArgumentSchema.None("constant", UnknownArgumentPolicy.Ignore), (r, _) => Lambda(r, LinearSchedules.Constant())),
        // ... and schedule_func(optimizer, num_warmup_steps=...) for this one.
        Entry("constant_with_warmup", "linear warm-up, then constant (kwargs ignored)",
            ArgumentSchema.None("constant_with_warmup", UnknownArgumentPolicy.Ignore),
            (r, _) => Lambda(r, LinearSchedules.ConstantWithWarmup(Warmup(r, "constant_with_warmup"))), StepCounts.Warmup),
        Entry("inverse_sqrt", "linear warm-up, then 1/sqrt decay with timescale (warm-up steps, or 10000)",
            Schema("inverse_sqrt", Declare.OptionalNumber("timescale")),
            (r, a) => Lambda(r, InverseSqrtSchedules.InverseSqrt(Warmup(r, "inverse_sqrt"), a.OptionalNumber("timescale"))), StepCounts.Warmup),
        Entry("reduce_lr_on_plateau", "metric-driven: multiply the lr by factor (0.1) after patience (10) evaluations without improvement",
            MetricSchedulerKwargs.ReduceLROnPlateauArguments, (r, a) => MetricSchedulerKwargs.ReduceLROnPlateau(r.Optimizer, a)),
        Entry("cosine_with_min_lr", "linear warm-up, then cosine decay to min_lr or min_lr_rate times the initial lr",
            Schema("cosine_with_min_lr", Declare.Number("num_cycles", 0.5), Declare.OptionalNumber("min_lr"), Declare.OptionalNumber("min_lr_rate")),
            (r, a) => Lambda(r, CosineSchedules.CosineWithMinLr(Warmup(r, "cosine_with_min_lr"), Training(r, "cosine_with_min_lr"),
                a.Number("num_cycles"), MinLrRate(r, a))), WarmupAndTraining),
        Entry("cosine_warmup_with_min_lr", "warm-up starting above 0 (warmup_lr_rate), then cosine decay reaching the minimum at the last step",
            Schema("cosine_warmup_with_min_lr", Declare.Number("num_cycles", 0.5), Declare.OptionalNumber("min_lr"), Declare.OptionalNumber("min_lr_rate"),
                Declare.OptionalNumber("warmup_lr_rate")),
            (r, a) => Lambda(r, CosineSchedules.CosineWarmupWithMinLr(Warmup(r, "cosine_warmup_with_min_lr"), Training(r, "cosine_warmup_with_min_lr"),
                a.Number("num_cycles"), MinLrRate(r, a), a.OptionalNumber("warmup_lr_rate"))), WarmupAndTraining),
        Entry("warmup_stable_decay", "warm-up, stable phase, then decay over num_decay_steps to min_lr_ratio (linear, cosine or 1-sqrt)",
            Schema("warmup_stable_decay", Declare.RequiredInteger("num_decay_steps"), Declare.OptionalInteger("num_stable_steps"),
                Declare.Text("warmup_type", "linear"), Declare.Text("decay_type", "cosine"), Declare.Number("min_lr_ratio", 0), Declare.Number("num_cycles", 0.5)),
            (r, a) => Lambda(r, WarmupStableDecaySchedules.FromTypeNames(Warmup(r, "warmup_stable_decay"), a.Integer("num_decay_steps"), r.NumTrainingSteps,
                a.OptionalInteger("num_stable_steps"), a.Text("warmup_type"), a.Text("decay_type"), a.Number("min_lr_ratio"), a.Number("num_cycles"))),
            StepCounts.Warmup),
        Entry("greedy", "metric-driven GreedyLR: raise the lr on sustained improvement, lower it on plateaus, reset after a long stay at min_lr",
            MetricSchedulerKwargs.GreedyArguments, (r, a) => MetricSchedulerKwargs.GreedyLR(r.Optimizer, a)),
    ];

    /// <summary>
    /// Entries beyond Transformers' <c>SchedulerType</c>, registered by <c>AddBuiltInSchedulers</c> but not known to
    /// <see cref="SchedulerCatalog.GetScheduler"/> (which mirrors Transformers): <c>adafactor</c>, the
    /// <see cref="AdafactorScheduler"/> proxy (kwarg <c>initial_lr</c>, 0).
    /// </summary>
    public static IReadOnlyList<SchedulerDescriptor> Extras { get; } =
    [
        Entry("adafactor", "reports the step size Adafactor applies (AdafactorSchedule); needs the Adafactor optimizer",
            Schema("adafactor", Declare.Number("initial_lr", 0.0)), (r, a) =>
            {
                var adafactor = r.Optimizer as Adafactor
                                ?? throw new ArgumentException($"the adafactor scheduler reports Adafactor's own step size and needs the Adafactor optimizer, got {r.Optimizer.Name}", nameof(SchedulerRequest.Optimizer));
                return new AdafactorScheduler(adafactor, a.Number("initial_lr"));
            }),
    ];

    /// <summary>Prefix of PyTorch's scheduler classes in the registry (<c>torch.StepLR</c>).</summary>
    public const string TorchPrefix = "torch.";

    /// <summary>Prefix of Cerebras' scheduler classes in the registry (<c>cerebras.CosineDecayLR</c>).</summary>
    public const string CerebrasPrefix = "cerebras.";

    /// <summary>
    /// <see cref="All"/>, <see cref="Extras"/>, and the PyTorch and Cerebras catalogues under their prefixes (their
    /// schemas renamed with them, so a message names the entry as configured: <c>torch.StepLR</c>).
    /// </summary>
    public static IReadOnlyList<SchedulerDescriptor> WithLibraryCatalogs { get; } =
    [
        .. All,
        .. Extras,
        .. TorchSchedulerCatalog.All.Select(d => Prefixed(d, TorchPrefix)),
        .. CerebrasSchedulerCatalog.All.Select(d => Prefixed(d, CerebrasPrefix)),
    ];

    /// <summary>The names of <see cref="All"/>, in upstream's order.</summary>
    public static IReadOnlyList<string> Names => All.Select(d => d.Name).ToList();

    /// <summary>
    /// A registry entry with its declared arguments: the factory gets the request and its bound arguments (bound
    /// here when the factory is called directly rather than through <see cref="SchedulerDescriptor.Create"/>).
    /// </summary>
    public static SchedulerDescriptor Entry(string name, string description, ArgumentSchema arguments,
        Func<SchedulerRequest, BoundArguments, Scheduler> build, StepCounts requiredSteps = StepCounts.None)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        ArgumentNullException.ThrowIfNull(build);
        return new SchedulerDescriptor(name, description, (request, _) => build(request, request.ArgumentsOf(arguments)))
        {
            Arguments = arguments,
            RequiredSteps = requiredSteps,
        };
    }

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

    private const StepCounts WarmupAndTraining = StepCounts.Warmup | StepCounts.Training;

    // Keyword arguments rejected when unknown, as Python rejects a keyword the function does not take.
    private static ArgumentSchema Schema(string name, params ArgumentSpec[] specs) => new(name, specs);

    private static SchedulerDescriptor Prefixed(SchedulerDescriptor d, string prefix) =>
        d with { Name = prefix + d.Name, Arguments = d.Arguments?.WithOwner(prefix + d.Name) };

    // Upstream's message names the enum member: "SchedulerType.LINEAR requires ...".
    private static long Warmup(SchedulerRequest r, string name) => RequireWarmup(r, $"SchedulerType.{name.ToUpperInvariant()}");

    private static long Training(SchedulerRequest r, string name) => RequireTraining(r, $"SchedulerType.{name.ToUpperInvariant()}");

    // Exactly one of min_lr (absolute, divided by the optimizer's default lr for every group) and min_lr_rate.
    private static double MinLrRate(SchedulerRequest r, BoundArguments a)
    {
        var minLr = a.OptionalNumber("min_lr");
        var minLrRate = a.OptionalNumber("min_lr_rate");
        if (minLr is not null && minLrRate is not null) throw new ArgumentException("Only one of min_lr or min_lr_rate should be set", "min_lr");
        if (minLr is { } absolute) return absolute / DefaultsLearningRate(r.Optimizer);
        return minLrRate ?? throw new ArgumentException("One of min_lr or min_lr_rate should be set through the `lr_scheduler_kwargs`", "min_lr_rate");
    }
}
