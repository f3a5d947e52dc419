using Training.Optim;

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

    // Cerebras' constructor signatures under the generic (WD) names; LR classes rename the value arguments.
    private static IEnumerable<CerebrasSchedulerClass> Define() =>
    [
        .. Family("Constant", "a constant value", [Val("val"), OptionalIterations()], Leaf(a => Schedule.Constant(a.Number("val")))),
        .. Family("Polynomial", "polynomial decay from initial to end over total_iters (optionally cycling)",
            [Val("initial_val"), Val("end_val"), Iterations(), Declare.Number("power", 1.0), Declare.Flag("cycle", false)],
            Leaf(a => new PolynomialDecaySchedule(a.Number("initial_val"), a.Number("end_val"), a.Integer("total_iters"), a.Number("power"), a.Flag("cycle")))),
        .. Family("Linear", "linear decay from initial to end over total_iters (optionally cycling)",
            [Val("initial_val"), Val("end_val"), Iterations(), Declare.Flag("cycle", false)],
            Leaf(a => new PolynomialDecaySchedule(a.Number("initial_val"), a.Number("end_val"), a.Integer("total_iters"), 1.0, a.Flag("cycle")))),
        .. Family("Exponential", "initial · decay_rate^(t / total_iters)",
            [Val("initial_val"), Iterations(), Val("decay_rate"), Declare.Flag("staircase", false)],
            Leaf(a => new ExponentialDecaySchedule(a.Number("initial_val"), a.Integer("total_iters"), a.Number("decay_rate"), a.Flag("staircase")))),
        .. Family("InverseExponentialTimeDecay", "initial / (1 + decay_rate · t^step_exponent / total_iters)",
            [Val("initial_val"), Val("step_exponent"), Iterations(), Val("decay_rate"), Declare.Flag("staircase", false)],
            Leaf(a => new InverseExponentialTimeDecaySchedule(a.Number("initial_val"), a.Number("step_exponent"), a.Integer("total_iters"), a.Number("decay_rate"),
                a.Flag("staircase")))),
        .. Family("InverseSquareRootDecay", "initial · scale / sqrt(max(warmup_steps, t))",
            [Declare.Number("initial_val", 1.0), Declare.Number("scale", 1.0), Declare.Number("warmup_steps", 1.0)],
            Leaf(a => new InverseSquareRootDecaySchedule(a.Number("initial_val"), a.Number("scale"), a.Number("warmup_steps")))),
        .. Family("CosineDecay", "cosine decay from initial to end over total_iters, then end", [Val("initial_val"), Val("end_val"), Iterations()],
            Leaf(a => new CosineDecaySchedule(a.Number("initial_val"), a.Number("end_val"), a.Integer("total_iters")))),
        .. Family("Sequential", "child schedulers one after another, switching at the milestones",
            [Declare.Object("schedulers", required: true), Declare.RequiredIntegers("milestones")], CompositeSchedulers.Sequential, child: "schedulers"),
        .. Family("PiecewiseConstant", "constant values switching at the milestones", [Declare.RequiredNumbers("vals"), Declare.RequiredIntegers("milestones")],
            Leaf(a => new PiecewiseConstantSchedule(a.Numbers("vals"), a.Integers("milestones")))),
        .. Family("MultiStep", "initial · gamma^(milestones passed)", [Val("initial_val"), Val("gamma"), Declare.RequiredIntegers("milestones")],
            Leaf(a => new MultiStepSchedule(a.Number("initial_val"), a.Number("gamma"), a.Integers("milestones")))),
        .. Family("Step", "initial · gamma^⌊t / step_size⌋", [Val("initial_val"), Declare.RequiredInteger("step_size"), Val("gamma")],
            Leaf(a => new StepDecaySchedule(a.Number("initial_val"), a.Integer("step_size"), a.Number("gamma")))),
        .. Family("CosineAnnealing", "cosine annealing between initial and eta_min with half-period T_max",
            [Val("initial_val"), Declare.RequiredInteger("T_max"), Declare.Number("eta_min", 0.0)],
            Leaf(a => new CosineAnnealingSchedule(a.Number("initial_val"), a.Integer("T_max"), a.Number("eta_min")))),
        .. Family("Lambda", "initial · λ(t) for a function supplied in code", [Val("initial_val"), Declare.Object("val_lambda", required: true)],
            Leaf(a => new LambdaSchedule(a.Number("initial_val"), a.Function<Func<long, double>>("val_lambda", "a Func<long, double> multiplier supplied in code")))),
        .. Family("CosineAnnealingWarmRestarts", "cosine annealing restarting every T_0 · T_mult^k steps (PyTorch semantics)",
            [Val("initial_val"), Declare.RequiredInteger("T_0"), Declare.Integer("T_mult", 1), Declare.Number("eta_min", 0.0)],
            Leaf(a => new CosineAnnealingWarmRestartsSchedule(a.Number("initial_val"), a.Integer("T_0"), a.Integer("T_mult"), a.Number("eta_min"))),
            lrNames: ["CosineAnnealingWarmRestarts"]),
        .. Family("Multiplicative", "initial · coefficient^t", [Val("initial_val"), Val("coefficient")],
            Leaf(a => new MultiplicativeSchedule(a.Number("initial_val"), a.Number("coefficient")))),
        .. Family("Chained", "the product of child schedulers, each after the first relative to its initial value", [Declare.Object("schedulers", required: true)],
            CompositeSchedulers.Chained, child: "schedulers", lrNames: ["ChainedScheduler", "ChainedLR"]),
        .. Family("Cyclic", "triangular cycles between base and max (triangular, triangular2, exp_range)",
            [
                Val("base_val"), Val("max_val"), Declare.Number("step_size_up", 2000), Declare.OptionalNumber("step_size_down"), Declare.Text("mode", "triangular"),
                Declare.Number("gamma", 1.0),
                // Cerebras overwrites scale_mode from mode (it only matters for a custom scale function, which neither
                // Cerebras nor this port takes); it is accepted for compatibility and must be one of PyTorch's values.
                Declare.Text("scale_mode", "cycle", ArgumentRule.OneOf("cycle", "iterations")),
            ],
            Leaf(a => new CyclicSchedule(a.Number("base_val"), a.Number("max_val"), a.Number("step_size_up"), a.OptionalNumber("step_size_down"), a.Text("mode"),
                a.Number("gamma")))),
        .. Family("OneCycle", "one cycle: warm up from initial to max, then anneal to initial / final_div_factor",
            [
                Val("initial_val"), Val("max_val"), Declare.Integer("total_steps", 1000), Declare.Number("pct_start", 0.3), Declare.Number("final_div_factor", 1e4),
                Declare.Flag("three_phase", false), Declare.Text("anneal_strategy", "cos"),
            ],
            Leaf(a => new OneCycleSchedule(a.Number("initial_val"), a.Number("max_val"), a.Integer("total_steps"), a.Number("pct_start"),
                a.Number("final_div_factor"), a.Flag("three_phase"), a.Text("anneal_strategy")))),
        .. Family("ScalePerParam", "a child scheduler times each group's adjust_learning_rate (or adjust_val)", [Declare.Object("scheduler", required: true)],
            CompositeSchedulers.ScalePerParam, child: "scheduler"),
    ];

    // A required value (a rate, a factor) without a default.
    private static ArgumentSpec Val(string generic) => Declare.RequiredNumber(generic);

    // The length of a schedule, which Sequential milestones add up.
    private static ArgumentSpec Iterations() => Declare.RequiredInteger("total_iters", ArgumentRule.NonNegative);

    private static ArgumentSpec OptionalIterations() => Declare.OptionalInteger("total_iters", ArgumentRule.NonNegative);

    private static IEnumerable<CerebrasSchedulerClass> Family(string stem, string description, ArgumentSpec[] parameters,
        Func<CerebrasArgs, CerebrasScheduleNode> build, string? child = null, string[]? lrNames = null)
    {
        foreach (var name in lrNames ?? [stem + "LR"])
            yield return new CerebrasSchedulerClass(name, CerebrasValueKind.LearningRate, parameters, $"Cerebras {name}: {description}", build, child);
        yield return new CerebrasSchedulerClass(stem + "WD", CerebrasValueKind.WeightDecay, parameters, $"Cerebras {stem}WD: {description} (weight decay)", build, child);
    }

    /// <summary>A class whose schedule does not depend on the group; its total_iters (when it takes one) feeds Sequential milestones.</summary>
    private static Func<CerebrasArgs, CerebrasScheduleNode> Leaf(Func<CerebrasArgs, ISchedule> schedule) => a =>
    {
        long? totalIters = a.Class.Parameters.Contains("total_iters") ? a.OptionalInteger("total_iters") : null;
        var built = schedule(a);
        return new CerebrasScheduleNode(a.Class.Name, a.Class.Key, a.Tags, totalIters, (built as IInitialValueSchedule)?.InitialValue, _ => built);
    };
}
