using Training.Optim;

namespace Training.Schedulers;

/// <summary>Builds a scheduler by name without dependency injection, as Transformers' <c>get_scheduler</c>.</summary>
/// <remarks>
/// Not named <c>Schedulers</c>: inside any <c>Training.*</c> namespace that name would resolve to the namespace
/// <c>Training.Schedulers</c> first (the CS0118 trap DESIGN.md describes for <c>Trainer</c>).
/// </remarks>
public static class SchedulerCatalog
{
    /// <summary>
    /// Transformers' <c>get_scheduler(name, optimizer, num_warmup_steps, num_training_steps, scheduler_specific_kwargs)</c>
    /// over the built-in <c>SchedulerType</c> names (<see cref="BuiltInSchedulers.All"/>). An unknown name raises
    /// <see cref="UnknownSchedulerException"/> listing the names and the closest one; missing step counts and
    /// bad kwargs raise <see cref="ArgumentException"/> as upstream raises ValueError / TypeError (kwargs that do not
    /// bind to the schedule's declared arguments: <see cref="ArgumentBindingException"/>, naming the closest key).
    /// </summary>
    public static Scheduler GetScheduler(string name, Optimizer optimizer, long? numWarmupSteps = null, long? numTrainingSteps = null,
        IReadOnlyDictionary<string, object?>? kwargs = null)
    {
        ArgumentNullException.ThrowIfNull(name);
        ArgumentNullException.ThrowIfNull(optimizer);
        var descriptor = BuiltInSchedulers.All.FirstOrDefault(d => d.Name == name)
                         ?? throw new UnknownSchedulerException(name, BuiltInSchedulers.Names);
        var request = new SchedulerRequest
        {
            Optimizer = optimizer,
            NumWarmupSteps = numWarmupSteps,
            NumTrainingSteps = numTrainingSteps,
            Kwargs = kwargs ?? new Dictionary<string, object?>(StringComparer.Ordinal),
        };
        return descriptor.Create(request, NoServices.Instance);
    }

    // Built-in factories take nothing from DI.
    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
