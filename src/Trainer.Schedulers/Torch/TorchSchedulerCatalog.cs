using static Training.Schedulers.TorchKwargs;

namespace Training.Schedulers;

/// <summary>
/// PyTorch's LR schedulers as registry entries named by their PyTorch class (<c>"StepLR"</c>,
/// <c>"OneCycleLR"</c>, ...), built by <see cref="LRSchedulers"/> from <see cref="SchedulerRequest.Kwargs"/>
/// under PyTorch's argument names; unknown arguments are rejected. Where PyTorch requires a length
/// (<c>CosineAnnealingLR.T_max</c>, <c>OneCycleLR.total_steps</c>) and none is given, the request's
/// <see cref="SchedulerRequest.NumTrainingSteps"/> is used. Arguments that are functions (<c>lr_lambda</c>,
/// <c>scale_fn</c>) are passed as objects (<see cref="Func{T, TResult}"/> or <see cref="ISchedule"/>; a number
/// is a constant <c>lr_lambda</c>). SequentialLR and ChainedScheduler take
/// <c>schedulers: [{"LinearLR": {...}}, {"CosineAnnealingLR": {...}}]</c>, children named from this catalogue.
/// </summary>
public static class TorchSchedulerCatalog
{
    // PyTorch's string options; declared before All, whose factories read them.
    private static readonly Dictionary<string, CyclicScaleMode> ScaleModes = new() { ["cycle"] = CyclicScaleMode.Cycle, ["iterations"] = CyclicScaleMode.Iterations };
    private static readonly Dictionary<string, AnnealStrategy> AnnealStrategies = new() { ["cos"] = AnnealStrategy.Cos, ["linear"] = AnnealStrategy.Linear };

    /// <summary>Every entry, in PyTorch's <c>__all__</c> order.</summary>
    public static IReadOnlyList<SchedulerDescriptor> All { get; } =
    [
        Entry("LambdaLR", "base lr times lr_lambda(step) (one function, or one per group)", r =>
        {
            r.Kwargs.EnsureOnly("LambdaLR", "lr_lambda");
            var (one, perGroup) = Lambdas(r, "LambdaLR");
            return one is not null ? LRSchedulers.LambdaLR(r.Optimizer, one) : LRSchedulers.LambdaLR(r.Optimizer, perGroup!);
        }),
        Entry("MultiplicativeLR", "base lr times the product of lr_lambda(k) for k = 1..step", r =>
        {
            r.Kwargs.EnsureOnly("MultiplicativeLR", "lr_lambda");
            var (one, perGroup) = Lambdas(r, "MultiplicativeLR");
            return one is not null ? LRSchedulers.MultiplicativeLR(r.Optimizer, one) : LRSchedulers.MultiplicativeLR(r.Optimizer, perGroup!);
        }),
        Entry("StepLR", "base lr times gamma every step_size steps", r =>
        {
            r.Kwargs.EnsureOnly("StepLR", "step_size", "gamma");
            return LRSchedulers.StepLR(r.Optimizer, RequireLong(r, "StepLR", "step_size"), r.Kwargs.GetDouble("gamma", 0.1));
        }),
        Entry("MultiStepLR", "base lr times gamma at each milestone", r =>
        {
            r.Kwargs.EnsureOnly("MultiStepLR", "milestones", "gamma");
            return LRSchedulers.MultiStepLR(r.Optimizer, Longs(r, "MultiStepLR", "milestones"), r.Kwargs.GetDouble("gamma", 0.1));
        }),
        Entry("ConstantLR", "base lr times factor until total_iters, then base lr", r =>
        {
            r.Kwargs.EnsureOnly("ConstantLR", "factor", "total_iters");
            return LRSchedulers.ConstantLR(r.Optimizer, r.Kwargs.GetDouble("factor", 1.0 / 3), r.Kwargs.GetLong("total_iters", 5));
        }),
        Entry("LinearLR", "multiplier linear from start_factor to end_factor over total_iters", r =>
        {
            r.Kwargs.EnsureOnly("LinearLR", "start_factor", "end_factor", "total_iters");
            return LRSchedulers.LinearLR(r.Optimizer, r.Kwargs.GetDouble("start_factor", 1.0 / 3), r.Kwargs.GetDouble("end_factor", 1.0),
                r.Kwargs.GetLong("total_iters", 5));
        }),
        Entry("ExponentialLR", "base lr times gamma^step", r =>
        {
            r.Kwargs.EnsureOnly("ExponentialLR", "gamma");
            return LRSchedulers.ExponentialLR(r.Optimizer, RequireDouble(r, "ExponentialLR", "gamma"));
        }),
        new("SequentialLR", "child schedulers one after another, switching at the milestones", (r, services) =>
        {
            r.Kwargs.EnsureOnly("SequentialLR", "schedulers", "milestones");
            var children = Children(r, services, "SequentialLR", Get);
            return LRSchedulers.SequentialLR(r.Optimizer, children, Longs(r, "SequentialLR", "milestones"));
        }),
        Entry("CosineAnnealingLR", "cosine from base lr to eta_min over T_max steps (periodic after)", r =>
        {
            r.Kwargs.EnsureOnly("CosineAnnealingLR", "T_max", "eta_min");
            var tMax = r.Kwargs.GetNullableLong("T_max") ?? r.NumTrainingSteps ?? throw Missing("CosineAnnealingLR", "T_max");
            return LRSchedulers.CosineAnnealingLR(r.Optimizer, tMax, r.Kwargs.GetDouble("eta_min", 0));
        }),
        new("ChainedScheduler", "the product of the child schedulers' multipliers", (r, services) =>
        {
            r.Kwargs.EnsureOnly("ChainedScheduler", "schedulers");
            return LRSchedulers.ChainedScheduler(Children(r, services, "ChainedScheduler", Get));
        }),
        Entry("ReduceLROnPlateau", "lr times factor when the metric stops improving (steps on metrics)",
            r => MetricSchedulerKwargs.Plateau(r, "ReduceLROnPlateau", MetricSchedulerKwargs.PlateauKeys)),
        Entry("CyclicLR", "lr cycling between base_lr and max_lr, momentum inversely", CyclicLR),
        Entry("CosineAnnealingWarmRestarts", "cosine annealing restarting every T_i steps, T_i growing by T_mult", r =>
        {
            r.Kwargs.EnsureOnly("CosineAnnealingWarmRestarts", "T_0", "T_mult", "eta_min");
            return LRSchedulers.CosineAnnealingWarmRestarts(r.Optimizer, RequireLong(r, "CosineAnnealingWarmRestarts", "T_0"),
                r.Kwargs.GetLong("T_mult", 1), r.Kwargs.GetDouble("eta_min", 0));
        }),
        Entry("OneCycleLR", "1cycle: warm up to max_lr, anneal far below the start; momentum inversely", OneCycleLR),
        Entry("PolynomialLR", "base lr times (1 - step/total_iters)^power", r =>
        {
            r.Kwargs.EnsureOnly("PolynomialLR", "total_iters", "power");
            return LRSchedulers.PolynomialLR(r.Optimizer, r.Kwargs.GetLong("total_iters", 5), r.Kwargs.GetDouble("power", 1.0));
        }),
    ];

    /// <summary>The entry named <paramref name="name"/>; <see cref="UnknownSchedulerException"/> listing the others when absent.</summary>
    public static SchedulerDescriptor Get(string name) =>
        All.FirstOrDefault(d => d.Name == name) ?? throw new UnknownSchedulerException(name, All.Select(d => d.Name).ToList());

    private static SchedulerDescriptor Entry(string name, string description, Func<SchedulerRequest, Scheduler> build) =>
        BuiltInSchedulers.Entry(name, description, build);

    private static CycleScheduler CyclicLR(SchedulerRequest r)
    {
        r.Kwargs.EnsureOnly("CyclicLR", "base_lr", "max_lr", "step_size_up", "step_size_down", "mode", "gamma", "scale_fn", "scale_mode",
            "cycle_momentum", "base_momentum", "max_momentum");
        var scaleFn = r.Kwargs.Values.GetValueOrDefault("scale_fn") switch
        {
            null => null,
            Func<double, double> f => f,
            var other => throw new ArgumentException($"{SchedulerKwargs.SettingName}: 'scale_fn' = '{other}' is not a Func<double, double>", "scale_fn"),
        };
        // As in PyTorch, mode is only checked (and used) without a custom scale_fn.
        var mode = scaleFn is null ? Choice(r, "mode", CyclicMode.Triangular, CyclicCurve.Modes, _ => "mode is invalid and scale_fn is None") : CyclicMode.Triangular;
        return LRSchedulers.CyclicLR(r.Optimizer, RequireGroups(r, "CyclicLR", "base_lr"), RequireGroups(r, "CyclicLR", "max_lr"),
            r.Kwargs.GetLong("step_size_up", 2000), r.Kwargs.GetNullableLong("step_size_down"), mode, r.Kwargs.GetDouble("gamma", 1.0), scaleFn,
            Choice(r, "scale_mode", CyclicScaleMode.Cycle, ScaleModes, m => $"scale_mode must be 'cycle' or 'iterations', got {m}"),
            r.Kwargs.GetBool("cycle_momentum", true), r.Kwargs.GetNullablePerGroup("base_momentum"), r.Kwargs.GetNullablePerGroup("max_momentum"));
    }

    private static CycleScheduler OneCycleLR(SchedulerRequest r)
    {
        r.Kwargs.EnsureOnly("OneCycleLR", "max_lr", "total_steps", "epochs", "steps_per_epoch", "pct_start", "anneal_strategy", "cycle_momentum",
            "base_momentum", "max_momentum", "div_factor", "final_div_factor", "three_phase");
        var epochs = r.Kwargs.GetNullableLong("epochs");
        var stepsPerEpoch = r.Kwargs.GetNullableLong("steps_per_epoch");
        var totalSteps = r.Kwargs.GetNullableLong("total_steps") ?? (epochs is null && stepsPerEpoch is null ? r.NumTrainingSteps : null);
        return LRSchedulers.OneCycleLR(r.Optimizer, RequireGroups(r, "OneCycleLR", "max_lr"), totalSteps, epochs, stepsPerEpoch,
            r.Kwargs.GetDouble("pct_start", 0.3),
            Choice(r, "anneal_strategy", AnnealStrategy.Cos, AnnealStrategies, s => $"anneal_strategy must by one of 'cos' or 'linear', instead got {s}"),
            r.Kwargs.GetBool("cycle_momentum", true), r.Kwargs.GetNullablePerGroup("base_momentum"), r.Kwargs.GetNullablePerGroup("max_momentum"),
            r.Kwargs.GetDouble("div_factor", 25.0), r.Kwargs.GetDouble("final_div_factor", 1e4), r.Kwargs.GetBool("three_phase", false));
    }
}
