namespace Training.Schedulers;

/// <summary>
/// Every Cerebras scheduler class, LR and WD flavour of each family (<c>cerebras.pytorch.optim</c> 2.x), with its
/// arguments and how they build the schedule. Argument defaults are Cerebras'.
/// </summary>
internal static class CerebrasSchedulerClasses
{
    /// <summary>Every class, LR before WD within a family.</summary>
    public static IReadOnlyList<CerebrasSchedulerClass> All { get; } = [.. Define()];

    private static readonly Dictionary<string, CerebrasSchedulerClass> ByName = All.ToDictionary(c => c.Name, StringComparer.Ordinal);

    /// <summary>The class named exactly <paramref name="name"/>, or null.</summary>
    public static CerebrasSchedulerClass? Find(string name) => ByName.GetValueOrDefault(name);

    /// <summary>
    /// Cerebras' configure_lr_scheduler lookup: an LR class whose lower-cased name is the lower-cased
    /// <paramref name="name"/> or that plus "lr" (so "Linear", "linear", "LinearLR" all find LinearLR).
    /// </summary>
    public static CerebrasSchedulerClass? FindLearningRate(string name)
    {
        var lower = name.ToLowerInvariant();
        return All.Where(c => c.Kind == CerebrasValueKind.LearningRate)
            .FirstOrDefault(c => c.Name.ToLowerInvariant() == lower || c.Name.ToLowerInvariant() == lower + "lr");
    }

    /// <summary>An unknown class name error listing the candidates and the closest one.</summary>
    public static ArgumentException Unknown(string label, string paramName, string name, IEnumerable<string> candidates)
    {
        var names = candidates.ToList();
        var closest = Training.Optim.ClosestName.Find(name, names);
        var hint = closest is null ? "" : $" Did you mean '{closest}'?";
        return CerebrasErrors.Argument(label, paramName, $"unknown scheduler '{name}'.{hint} Known: {string.Join(", ", names)}");
    }

    private static IEnumerable<CerebrasSchedulerClass> Define() =>
    [
        .. Family("Constant", "a constant value", ["val", "total_iters"], Leaf(a => Schedule.Constant(a.Double("val")))),
        .. Family("Polynomial", "polynomial decay from initial to end over total_iters (optionally cycling)",
            ["initial_val", "end_val", "total_iters", "power", "cycle"],
            Leaf(a => new PolynomialDecaySchedule(a.Double("initial_val"), a.Double("end_val"), a.Long("total_iters"), a.Double("power", 1.0), a.Bool("cycle", false)))),
        .. Family("Linear", "linear decay from initial to end over total_iters (optionally cycling)",
            ["initial_val", "end_val", "total_iters", "cycle"],
            Leaf(a => new PolynomialDecaySchedule(a.Double("initial_val"), a.Double("end_val"), a.Long("total_iters"), 1.0, a.Bool("cycle", false)))),
        .. Family("Exponential", "initial · decay_rate^(t / total_iters)", ["initial_val", "total_iters", "decay_rate", "staircase"],
            Leaf(a => new ExponentialDecaySchedule(a.Double("initial_val"), a.Long("total_iters"), a.Double("decay_rate"), a.Bool("staircase", false)))),
        .. Family("InverseExponentialTimeDecay", "initial / (1 + decay_rate · t^step_exponent / total_iters)",
            ["initial_val", "step_exponent", "total_iters", "decay_rate", "staircase"],
            Leaf(a => new InverseExponentialTimeDecaySchedule(a.Double("initial_val"), a.Double("step_exponent"), a.Long("total_iters"), a.Double("decay_rate"), a.Bool("staircase", false)))),
        .. Family("InverseSquareRootDecay", "initial · scale / sqrt(max(warmup_steps, t))", ["initial_val", "scale", "warmup_steps"],
            Leaf(a => new InverseSquareRootDecaySchedule(a.Double("initial_val", 1.0), a.Double("scale", 1.0), a.Double("warmup_steps", 1.0)))),
        .. Family("CosineDecay", "cosine decay from initial to end over total_iters, then end", ["initial_val", "end_val", "total_iters"],
            Leaf(a => new CosineDecaySchedule(a.Double("initial_val"), a.Double("end_val"), a.Long("total_iters")))),
        .. Family("Sequential", "child schedulers one after another, switching at the milestones", ["schedulers", "milestones"],
            CompositeSchedulers.Sequential, child: "schedulers"),
        .. Family("PiecewiseConstant", "constant values switching at the milestones", ["vals", "milestones"],
            Leaf(a => new PiecewiseConstantSchedule(a.Doubles("vals"), a.Longs("milestones")))),
        .. Family("MultiStep", "initial · gamma^(milestones passed)", ["initial_val", "gamma", "milestones"],
            Leaf(a => new MultiStepSchedule(a.Double("initial_val"), a.Double("gamma"), a.Longs("milestones")))),
        .. Family("Step", "initial · gamma^⌊t / step_size⌋", ["initial_val", "step_size", "gamma"],
            Leaf(a => new StepDecaySchedule(a.Double("initial_val"), a.Long("step_size"), a.Double("gamma")))),
        .. Family("CosineAnnealing", "cosine annealing between initial and eta_min with half-period T_max", ["initial_val", "T_max", "eta_min"],
            Leaf(a => new CosineAnnealingSchedule(a.Double("initial_val"), a.Long("T_max"), a.Double("eta_min", 0.0)))),
        .. Family("Lambda", "initial · λ(t) for a function supplied in code", ["initial_val", "val_lambda"],
            Leaf(a => new LambdaSchedule(a.Double("initial_val"), a.Function<Func<long, double>>("val_lambda", "a Func<long, double> multiplier supplied in code")))),
        .. Family("CosineAnnealingWarmRestarts", "cosine annealing restarting every T_0 · T_mult^k steps (PyTorch semantics)",
            ["initial_val", "T_0", "T_mult", "eta_min"],
            Leaf(a => new CosineAnnealingWarmRestartsSchedule(a.Double("initial_val"), a.Long("T_0"), a.Long("T_mult", 1), a.Double("eta_min", 0.0))),
            lrNames: ["CosineAnnealingWarmRestarts"]),
        .. Family("Multiplicative", "initial · coefficient^t", ["initial_val", "coefficient"],
            Leaf(a => new MultiplicativeSchedule(a.Double("initial_val"), a.Double("coefficient")))),
        .. Family("Chained", "the product of child schedulers, each after the first relative to its initial value", ["schedulers"],
            CompositeSchedulers.Chained, child: "schedulers", lrNames: ["ChainedScheduler", "ChainedLR"]),
        .. Family("Cyclic", "triangular cycles between base and max (triangular, triangular2, exp_range)",
            ["base_val", "max_val", "step_size_up", "step_size_down", "mode", "gamma", "scale_mode"], Leaf(Cyclic)),
        .. Family("OneCycle", "one cycle: warm up from initial to max, then anneal to initial / final_div_factor",
            ["initial_val", "max_val", "total_steps", "pct_start", "final_div_factor", "three_phase", "anneal_strategy"],
            Leaf(a => new OneCycleSchedule(a.Double("initial_val"), a.Double("max_val"), a.Long("total_steps", 1000), a.Double("pct_start", 0.3),
                a.Double("final_div_factor", 1e4), a.Bool("three_phase", false), a.Text("anneal_strategy", "cos")))),
        .. Family("ScalePerParam", "a child scheduler times each group's adjust_learning_rate (or adjust_val)", ["scheduler"],
            CompositeSchedulers.ScalePerParam, child: "scheduler"),
    ];

    private static CyclicSchedule Cyclic(CerebrasArgs a)
    {
        // Cerebras overwrites scale_mode from mode (it only matters for a custom scale function, which neither
        // Cerebras nor this port takes); it is accepted for compatibility and must be one of PyTorch's values.
        if (a.Text("scale_mode", "cycle") is not ("cycle" or "iterations"))
            throw CerebrasErrors.Format(a.Label, "scale_mode", a.Raw("scale_mode"), "'cycle' or 'iterations'");
        return new CyclicSchedule(a.Double("base_val"), a.Double("max_val"), a.Double("step_size_up", 2000), a.NullableDouble("step_size_down"),
            a.Text("mode", "triangular"), a.Double("gamma", 1.0));
    }

    private static IEnumerable<CerebrasSchedulerClass> Family(string stem, string description, string[] parameters,
        Func<CerebrasArgs, CerebrasScheduleNode> build, string? child = null, string[]? lrNames = null)
    {
        foreach (var name in lrNames ?? [stem + "LR"])
            yield return new CerebrasSchedulerClass(name, CerebrasValueKind.LearningRate, parameters, $"Cerebras {name}: {description}", build, child);
        yield return new CerebrasSchedulerClass(stem + "WD", CerebrasValueKind.WeightDecay, parameters, $"Cerebras {stem}WD: {description} (weight decay)", build, child);
    }

    /// <summary>A class whose schedule does not depend on the group; its total_iters (when it takes one) feeds Sequential milestones.</summary>
    private static Func<CerebrasArgs, CerebrasScheduleNode> Leaf(Func<CerebrasArgs, ISchedule> schedule) => a =>
    {
        long? totalIters = a.Class.Parameters.Contains("total_iters") ? a.NullableLong("total_iters") : null;
        if (totalIters < 0) throw a.Error("total_iters", $"total_iters must not be negative, got {totalIters}");
        var built = schedule(a);
        return new CerebrasScheduleNode(a.Class.Name, a.Class.Key, a.Tags, totalIters, (built as IInitialValueSchedule)?.InitialValue, _ => built);
    };
}
