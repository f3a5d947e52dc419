using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// A registry entry: the name used in configuration, a one-line description, the factory, and the declared
/// arguments. <see cref="Create"/> is how every caller builds from an entry: it checks the step counts the entry
/// needs, binds <see cref="SchedulerRequest.Kwargs"/> against <see cref="Arguments"/> and hands the factory the
/// bound arguments, so a factory never reads raw kwargs (unless it declares none).
/// </summary>
/// <param name="Name">The name (<c>"LrSchedulerType": "cosine"</c>).</param>
/// <param name="Description">One line saying what it does.</param>
/// <param name="Factory">Builds the scheduler.</param>
public sealed record SchedulerDescriptor(string Name, string Description, SchedulerFactory Factory)
{
    /// <summary>
    /// The declared kwargs: upstream key names, defaults, rules, and whether an unknown key is rejected or ignored
    /// (as upstream ignores it). Null means "not declared" (a custom scheduler registered with <c>AddScheduler</c>
    /// without a schema): its factory reads <see cref="SchedulerRequest.Kwargs"/> itself.
    /// </summary>
    public ArgumentSchema? Arguments { get; init; }

    /// <summary>
    /// The step counts the schedule needs, checked before the kwargs are bound, as <c>get_scheduler</c> checks them
    /// before it calls the schedule.
    /// </summary>
    public StepCounts RequiredSteps { get; init; }

    /// <summary>
    /// The assembly the factory's code comes from (the caller's, when a registration helper wraps it), so the start-up
    /// dry run can tell this library's entries from a program's own, which may need the real model.
    /// </summary>
    public System.Reflection.Assembly Origin { get; init; } = Factory.Method.Module.Assembly;

    /// <summary>
    /// Binds <paramref name="kwargs"/> under <paramref name="path"/> (the setting they come from, e.g.
    /// <c>LrSchedulerKwargs</c>); null when <see cref="Arguments"/> is not declared. Throws
    /// <see cref="ArgumentBindingException"/> listing every problem.
    /// </summary>
    public BoundArguments? Bind(IReadOnlyDictionary<string, object?>? kwargs, string path = LrSchedulerKwargs.SettingName) =>
        Arguments?.Bind(kwargs, path);

    /// <summary>
    /// Builds the scheduler: checks <see cref="RequiredSteps"/>, binds the request's kwargs under
    /// <paramref name="path"/>, and passes <c>request with { Arguments = bound }</c> to the factory.
    /// </summary>
    public Scheduler Create(SchedulerRequest request, IServiceProvider services, string path = LrSchedulerKwargs.SettingName)
    {
        ArgumentNullException.ThrowIfNull(request);
        CheckSteps(request);
        return Factory(request with { Arguments = Bind(request.Kwargs, path) }, services);
    }

    /// <summary>Transformers' checks: "SchedulerType.{NAME} requires `num_warmup_steps` / `num_training_steps`, please provide that argument."</summary>
    public void CheckSteps(SchedulerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var label = $"SchedulerType.{Name.ToUpperInvariant()}";
        if (RequiredSteps.HasFlag(StepCounts.Warmup)) BuiltInSchedulers.RequireWarmup(request, label);
        if (RequiredSteps.HasFlag(StepCounts.Training)) BuiltInSchedulers.RequireTraining(request, label);
    }
}
