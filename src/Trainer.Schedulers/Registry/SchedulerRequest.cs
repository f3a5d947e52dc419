using Training.Optim;

namespace Training.Schedulers;

/// <summary>What a scheduler factory gets: Transformers' <c>get_scheduler</c> arguments.</summary>
public sealed record SchedulerRequest
{
    /// <summary>The optimizer to drive.</summary>
    public required Optimizer Optimizer { get; init; }

    /// <summary>Warm-up steps (null when not given; several schedules then fail as Transformers' do).</summary>
    public long? NumWarmupSteps { get; init; }

    /// <summary>Total optimizer updates (null when not given).</summary>
    public long? NumTrainingSteps { get; init; }

    /// <summary>Scheduler-specific arguments.</summary>
    public SchedulerKwargs Kwargs { get; init; } = SchedulerKwargs.Empty;
}

/// <summary>Builds a scheduler from a request; registered under a name.</summary>
public delegate Scheduler SchedulerFactory(SchedulerRequest request, IServiceProvider services);

/// <summary>A registry entry: the name used in configuration, a one-line description, and the factory.</summary>
/// <param name="Name">The name (<c>"LrSchedulerType": "cosine"</c>).</param>
/// <param name="Description">One line saying what it does.</param>
/// <param name="Factory">Builds the scheduler.</param>
public sealed record SchedulerDescriptor(string Name, string Description, SchedulerFactory Factory);

/// <summary>An unregistered scheduler name; the message lists the registered names and the closest one.</summary>
public sealed class UnknownSchedulerException(string name, IReadOnlyCollection<string> registered, string settingName = "LrSchedulerType")
    : UnknownNameException("scheduler", name, registered, settingName);
