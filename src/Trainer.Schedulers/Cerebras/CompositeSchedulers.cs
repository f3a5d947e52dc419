namespace Training.Schedulers;

/// <summary>
/// Cerebras' composite schedulers, built from compiled children: SequentialLR/WD, ChainedScheduler/ChainedLR/ChainedWD
/// and ScalePerParamLR/WD. Children must drive the same key as the parent and carry its tags (a child without tags
/// inherits them; a child with other tags is an error).
/// </summary>
internal static class CompositeSchedulers
{
    /// <summary>
    /// Sequential: child j runs from milestone j−1 (at its own step 0) until milestone j. Composed as pure functions
    /// of the step, so a Sequential nested in a Sequential advances correctly: Cerebras has a bug here (the parent
    /// steps the inner scheduler's counter but not the inner's children, freezing it at their step 0); we implement
    /// the intended semantics.
    /// </summary>
    public static CerebrasScheduleNode Sequential(CerebrasArgs args)
    {
        var children = Children(args);
        var milestones = args.Integers("milestones");
        if (milestones.Count != children.Count - 1)
        {
            throw args.Error("milestones",
                $"{children.Count} schedulers need {children.Count - 1} milestones, got {milestones.Count} ({CerebrasConfigTree.Show(milestones)})");
        }

        // Building one schedule validates the milestones (strictly increasing) now rather than at the first step.
        _ = Schedule.Sequential(children.Select(_ => Schedule.Constant(0)).ToList(), milestones);
        long? total = children[^1].TotalIters is { } last ? (milestones.Count == 0 ? 0 : milestones[^1]) + last : null;
        return new CerebrasScheduleNode(args.Class.Name, args.Class.Key, args.Tags, total, initialValue: null,
            group => Schedule.Sequential(children.Select(c => c.ScheduleFor(group)).ToList(), milestones));
    }

    /// <summary>Chained: <c>child0(t) · Π_{k≥1} child_k(t) / child_k.initial</c>, every child seeing the same step.</summary>
    public static CerebrasScheduleNode Chained(CerebrasArgs args)
    {
        var children = Children(args);
        for (var i = 1; i < children.Count; i++)
        {
            switch (children[i].InitialValue)
            {
                case null:
                    throw args.Error("schedulers",
                        $"schedulers[{i}] ({children[i].ClassName}) has no initial value to divide by; only the first scheduler of a chain may be one without it");
                case 0:
                    throw args.Error("schedulers", $"schedulers[{i}] ({children[i].ClassName}) starts from 0, so it cannot scale the chain relative to its initial value");
            }
        }

        return new CerebrasScheduleNode(args.Class.Name, args.Class.Key, args.Tags, totalIters: null, initialValue: null, group =>
            Schedule.Chained(children[0].ScheduleFor(group), children.Skip(1).Select(c => (c.ScheduleFor(group), c.InitialValue!.Value)).ToList()));
    }

    /// <summary>ScalePerParam: the child's value times each group's scale, read when the scheduler is built.</summary>
    public static CerebrasScheduleNode ScalePerParam(CerebrasArgs args)
    {
        var child = Child(args, args.Required("scheduler"), $"{Base(args)}.scheduler");
        return new CerebrasScheduleNode(args.Class.Name, args.Class.Key, args.Tags, child.TotalIters, initialValue: null,
            group => child.ScheduleFor(group).Scaled(ScaleOf(group)));
    }

    /// <summary>
    /// A group's scale: its <c>adjust_learning_rate</c>, else its <c>adjust_val</c>, else 1. Cerebras reads them in
    /// this order for both the LR and the WD variant (so a WD scheduler also honours <c>adjust_learning_rate</c>).
    /// </summary>
    public static double ScaleOf(Training.Optim.ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        foreach (var key in new[] { "adjust_learning_rate", "adjust_val" })
        {
            if (group.ContainsKey(key) && group.GetValue(key) is not null) return group[key];
        }

        return 1.0;
    }

    private static List<CerebrasScheduleNode> Children(CerebrasArgs args)
    {
        var list = args.List("schedulers");
        if (list.Count == 0) throw args.Error("schedulers", "needs at least one scheduler");
        return list.Select((tree, i) => Child(args, tree, $"{Base(args)}.schedulers[{i}]")).ToList();
    }

    private static string Base(CerebrasArgs args) => args.Where.Length == 0 ? args.Class.Name : args.Where;

    private static CerebrasScheduleNode Child(CerebrasArgs parent, object? tree, string where)
    {
        var node = CerebrasSchedulerBuilder.Compile(CerebrasSchedulerSpec.Parse(tree, where), where);
        if (node.Key != parent.Class.Key)
        {
            throw CerebrasErrors.Argument(parent.Label, where,
                $"{where} is a {node.ClassName}, which drives '{node.Key}', but {parent.Class.Name} drives '{parent.Class.Key}'");
        }

        if (node.Tags is not null && (parent.Tags is null || !node.Tags.ToHashSet().SetEquals(parent.Tags)))
        {
            throw CerebrasErrors.Argument(parent.Label, $"{where}.{CerebrasArgumentNames.Tags}",
                $"{where}.param_group_tags {CerebrasConfigTree.Show(node.Tags)} differ from the parent's {CerebrasConfigTree.Show(parent.Tags)}; children inherit the parent's param_group_tags");
        }

        return node;
    }
}
