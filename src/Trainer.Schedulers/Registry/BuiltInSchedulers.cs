namespace Training.Schedulers;

/// <summary>
/// The built-in registry entries: Transformers' <c>SchedulerType</c> names, built as Transformers'
/// <c>get_scheduler</c> builds them (LambdaLR multipliers of each group's initial learning rate, or the metric
/// schedulers), with Transformers' argument checks.
/// </summary>
public static class BuiltInSchedulers
{
    /// <summary>Every built-in entry.</summary>
    public static IReadOnlyList<SchedulerDescriptor> All { get; } =
    [
        Entry("constant", "constant learning rate (warm-up and training steps ignored)", r =>
        {
            r.Kwargs.EnsureOnly("constant");
            return Lambda(r, LinearSchedules.Constant());
        }),
        Entry("linear", "linear warm-up, then linear decay to 0 at the last training step", r =>
        {
            r.Kwargs.EnsureOnly("linear");
            return Lambda(r, LinearSchedules.Linear(RequireWarmup(r, "linear"), RequireTraining(r, "linear")));
        }),
    ];

    /// <summary>A registry entry from a factory of the request.</summary>
    public static SchedulerDescriptor Entry(string name, string description, Func<SchedulerRequest, Scheduler> build) =>
        new(name, description, (request, _) => build(request));

    /// <summary>A LambdaLR: the multiplier schedule times each group's initial learning rate.</summary>
    public static ScheduledValue Lambda(SchedulerRequest request, ISchedule multiplier)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new ScheduledValue("LambdaLR", request.Optimizer, "lr", (_, initial) => multiplier.Scaled(initial));
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
}
