using Training.Optim;

namespace Training.Schedulers;

/// <summary>Builds a scheduler by name without dependency injection, as Transformers' <c>get_scheduler</c>.</summary>
/// <remarks>
/// Code inside a <c>Training.*</c> namespace other than this one (e.g. <c>Training.Core</c>) sees the namespace
/// <c>Training.Schedulers</c> before this class when it writes <c>Schedulers</c>; there, write
/// <c>Training.Schedulers.Schedulers.GetScheduler</c> or use the DI registry (<see cref="ISchedulerRegistry"/>).
/// </remarks>
public static class Schedulers
{
    /// <summary>
    /// Transformers' <c>get_scheduler(name, optimizer, num_warmup_steps, num_training_steps, scheduler_specific_kwargs)</c>
    /// over the built-in <c>SchedulerType</c> names (<see cref="BuiltInSchedulers.All"/>). An unknown name raises
    /// <see cref="UnknownSchedulerException"/> listing the names and the closest one; missing step counts and
    /// unexpected kwargs raise <see cref="ArgumentException"/> as upstream raises ValueError / TypeError.
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
            Kwargs = new SchedulerKwargs(kwargs),
        };
        return descriptor.Factory(request, NoServices.Instance);
    }

    // Built-in factories take nothing from DI.
    private sealed class NoServices : IServiceProvider
    {
        public static readonly NoServices Instance = new();

        public object? GetService(Type serviceType) => null;
    }
}
