namespace Training.Schedulers;

/// <summary>
/// Registry entries for every Cerebras scheduler class, named by its Cerebras class name ("CosineDecayLR",
/// "LinearWD", "ChainedScheduler", ...). The request's kwargs are the class's constructor arguments in the
/// <c>{ClassName: kwargs}</c> format (composites nest children as <c>{ClassName: kwargs}</c> or <c>{class, args}</c>;
/// Sequential milestones may be left out and are then the running sum of the children's <c>total_iters</c>).
/// Warm-up and training step counts of the request are not used: Cerebras schedules carry their own lengths.
/// </summary>
public static class CerebrasSchedulerCatalog
{
    /// <summary>Every entry.</summary>
    public static IReadOnlyList<SchedulerDescriptor> All { get; } = CerebrasSchedulerClasses.All.Select(Entry).ToList();

    private static SchedulerDescriptor Entry(CerebrasSchedulerClass cls) => new(cls.Name, cls.Description, (request, _) =>
    {
        ArgumentNullException.ThrowIfNull(request);
        request.Kwargs.EnsureOnly(cls.Name, [.. cls.ArgumentNames]);
        var config = new Dictionary<string, object?>(StringComparer.Ordinal) { [cls.Name] = request.Kwargs.Values.ToDictionary() };
        return CerebrasSchedulerConfig.FromSchedulerConfig(request.Optimizer, config);
    });
}
