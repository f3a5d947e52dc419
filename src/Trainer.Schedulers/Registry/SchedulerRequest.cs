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

    /// <summary>
    /// The scheduler-specific arguments as given (<c>LrSchedulerKwargs</c>): configuration text, JSON values, lists,
    /// or objects such as functions. An entry that declares its arguments reads <see cref="Arguments"/> instead.
    /// </summary>
    public IReadOnlyDictionary<string, object?> Kwargs { get; init; } = new Dictionary<string, object?>(StringComparer.Ordinal);

    /// <summary>
    /// <see cref="Kwargs"/> bound against the entry's declared schema by <see cref="SchedulerDescriptor.Create"/>;
    /// null when the entry declares none or the factory was called without it.
    /// </summary>
    public BoundArguments? Arguments { get; init; }

    /// <summary>
    /// The bound arguments for <paramref name="schema"/>: <see cref="Arguments"/>, or <see cref="Kwargs"/> bound now
    /// (under <c>LrSchedulerKwargs</c>) when the factory was called directly rather than through
    /// <see cref="SchedulerDescriptor.Create"/>.
    /// </summary>
    public BoundArguments ArgumentsOf(ArgumentSchema schema)
    {
        ArgumentNullException.ThrowIfNull(schema);
        return Arguments ?? schema.Bind(Kwargs, LrSchedulerKwargs.SettingName);
    }
}
