namespace Training.Schedulers;

/// <summary>
/// Cerebras' <c>configure_scheduler(optimizer, {ClassName: kwargs})</c> (cstorch 2.2/2.3, modelzoo 2.10) as a
/// resolution to a spec: the class name is exact (LR or WD); Sequential and Chained configure their
/// <c>schedulers</c> list recursively and ScalePerParam its <c>scheduler</c>; a Sequential's milestones are the
/// running sum of its children's <c>total_iters</c> (given milestones must agree); the parent's
/// <c>param_group_tags</c> are copied into every child, and a child of a tagged parent may not set its own.
/// A child may also be written as a <c>{class, args}</c> spec.
/// </summary>
internal static class SchedulerClassConfig
{
    public static CerebrasSchedulerSpec Resolve(object? config, string where)
    {
        var tree = CerebrasConfigTree.Normalize(config);
        var label = where.Length == 0 ? "scheduler config" : where;
        if (CerebrasSchedulerSpec.IsSpecTree(tree)) return CerebrasSchedulerSpec.Parse(tree, label);
        if (tree is not Dictionary<string, object?> { Count: 1 } single)
            throw new FormatException($"{label} = {CerebrasConfigTree.Show(tree)} is not a single-key dictionary {{ClassName: {{arguments}}}}");
        var (name, kwargs) = single.First();
        var cls = CerebrasSchedulerClasses.Find(name)
                  ?? throw CerebrasSchedulerClasses.Unknown(label, where.Length == 0 ? name : $"{where}.{name}", name, CerebrasSchedulerBuilder.ClassNames);
        var path = where.Length == 0 ? cls.Name : where;
        var args = kwargs switch
        {
            null => new Dictionary<string, object?>(StringComparer.Ordinal),
            Dictionary<string, object?> d => new Dictionary<string, object?>(d, StringComparer.Ordinal),
            var other => throw new FormatException($"{path} = {CerebrasConfigTree.Show(other)} is not a dictionary of arguments"),
        };
        return Resolve(cls, args, path);
    }

    /// <summary>
    /// The spec of <paramref name="cls"/> with the plain-tree arguments <paramref name="args"/> found at
    /// <paramref name="path"/> (a configuration node's kwargs, or a registry entry's <c>LrSchedulerKwargs</c>):
    /// children resolved, milestones computed, tags copied.
    /// </summary>
    public static CerebrasSchedulerSpec Resolve(CerebrasSchedulerClass cls, Dictionary<string, object?> args, string path)
    {
        if (cls.ChildParameter == "schedulers") ResolveChildren(cls, args, path);
        else if (cls.ChildParameter == "scheduler") args["scheduler"] = Child(args.GetValueOrDefault("scheduler"), args, $"{path}.scheduler");
        return new CerebrasSchedulerSpec(cls.Name, args);
    }

    private static void ResolveChildren(CerebrasSchedulerClass cls, Dictionary<string, object?> args, string path)
    {
        var list = ConfigValues.AsList(args.GetValueOrDefault("schedulers"))
                   ?? throw new ArgumentException($"{path}: missing 'schedulers' (a list of {{ClassName: {{arguments}}}})", $"{path}.schedulers");
        var children = list.Select((c, i) => Child(c, args, $"{path}.schedulers[{i}]")).ToList();
        args["schedulers"] = children.Cast<object?>().ToList();
        if (!cls.IsSequential) return;

        var milestones = new List<long>();
        for (var i = 0; i < children.Count - 1; i++)
        {
            var where = $"{path}.schedulers[{i}]";
            var total = CerebrasSchedulerBuilder.Compile(children[i], where).TotalIters
                        ?? throw new ArgumentException($"{where} ({children[i].Class}) needs 'total_iters': the milestones of {cls.Name} are the running sum of its children's total_iters", $"{where}.total_iters");
            milestones.Add((milestones.Count == 0 ? 0 : milestones[^1]) + total);
        }

        if (args.TryGetValue("milestones", out var given) && given is not null)
        {
            if (ConfigValues.Integers(given) is not { } stated || !stated.SequenceEqual(milestones))
            {
                throw new ArgumentException(
                    $"{path}.milestones = {CerebrasConfigTree.Show(given)} disagree with the children's total_iters, which give {CerebrasConfigTree.Show(milestones)}; leave milestones out",
                    $"{path}.milestones");
            }
        }

        args["milestones"] = milestones.Cast<object?>().ToList();
    }

    /// <summary>Resolves a child after copying the parent's tags into it.</summary>
    private static CerebrasSchedulerSpec Child(object? tree, Dictionary<string, object?> parentArgs, string where)
    {
        if (tree is null) throw new ArgumentException($"{where}: missing child scheduler", where);
        var spec = Resolve(tree, where);
        if (!parentArgs.TryGetValue(CerebrasArgumentNames.Tags, out var tags) || tags is null) return spec;
        if (spec.Args.TryGetValue(CerebrasArgumentNames.Tags, out var own) && own is not null)
        {
            throw new ArgumentException(
                $"{where}.param_group_tags = {CerebrasConfigTree.Show(own)}: a child of a scheduler with param_group_tags may not set its own (the parent's {CerebrasConfigTree.Show(tags)} are copied into it)",
                $"{where}.param_group_tags");
        }

        return spec with { Args = new Dictionary<string, object?>(spec.Args, StringComparer.Ordinal) { [CerebrasArgumentNames.Tags] = tags } };
    }
}
