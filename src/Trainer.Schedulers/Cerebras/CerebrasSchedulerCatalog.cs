using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Registry entries for every Cerebras scheduler class, named by its Cerebras class name ("CosineDecayLR",
/// "LinearWD", "ChainedScheduler", ...). The request's kwargs are the class's constructor arguments, declared by the
/// class's schema (<see cref="CerebrasSchedulerClass.EntryArguments"/>) in the <c>{ClassName: kwargs}</c> format
/// (composites nest children as <c>{ClassName: kwargs}</c> or <c>{class, args}</c>, each bound against its own class
/// under its path, e.g. <c>LrSchedulerKwargs.schedulers[0]</c>; Sequential milestones may be left out and are then
/// the running sum of the children's <c>total_iters</c>). Warm-up and training step counts of the request are not
/// used: Cerebras schedules carry their own lengths.
/// </summary>
public static class CerebrasSchedulerCatalog
{
    /// <summary>Every entry.</summary>
    public static IReadOnlyList<SchedulerDescriptor> All { get; } = CerebrasSchedulerClasses.All.Select(Entry).ToList();

    private static SchedulerDescriptor Entry(CerebrasSchedulerClass cls)
    {
        var arguments = cls.EntryArguments;
        return new SchedulerDescriptor(cls.Name, cls.Description, (request, _) =>
        {
            ArgumentNullException.ThrowIfNull(request);
            return Build(request.Optimizer, cls, request.ArgumentsOf(arguments));
        }) { Arguments = arguments };
    }

    // The bound (typed) arguments become the class's node at the setting's path; its children are bound there too.
    private static ScheduledValue Build(Optimizer optimizer, CerebrasSchedulerClass cls, BoundArguments arguments)
    {
        var args = (Dictionary<string, object?>)CerebrasConfigTree.Normalize(arguments.Given)!;
        var spec = SchedulerClassConfig.Resolve(cls, args, arguments.Path);
        var node = CerebrasSchedulerBuilder.Compile(spec, arguments.Path);
        return CerebrasErrors.Locate($"{arguments.Path} ({cls.Name})", arguments.Path, () => node.CreateScheduler(optimizer));
    }
}
