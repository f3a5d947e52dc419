using Training.Optim;
using static Training.Schedulers.TorchKwargs;

namespace Training.Schedulers;

/// <summary>
/// PyTorch's LR schedulers as registry entries named by their PyTorch class (<c>"StepLR"</c>,
/// <c>"OneCycleLR"</c>, ...), each declaring its constructor's arguments under PyTorch's names with PyTorch's
/// defaults (unknown arguments are rejected naming the closest), built by <see cref="LRSchedulers"/> from the bound
/// arguments. Where PyTorch requires a length
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
        Entry("LambdaLR", "base lr times lr_lambda(step) (one function, or one per group)", [Declare.Object("lr_lambda", required: true)], (r, a) =>
        {
            var (one, perGroup) = Lambdas(a);
            return one is not null ? LRSchedulers.LambdaLR(r.Optimizer, one) : LRSchedulers.LambdaLR(r.Optimizer, perGroup!);
        }),
        Entry("MultiplicativeLR", "base lr times the product of lr_lambda(k) for k = 1..step", [Declare.Object("lr_lambda", required: true)], (r, a) =>
        {
            var (one, perGroup) = Lambdas(a);
            return one is not null ? LRSchedulers.MultiplicativeLR(r.Optimizer, one) : LRSchedulers.MultiplicativeLR(r.Optimizer, perGroup!);
        }),
        Entry("StepLR", "base lr times gamma every step_size steps", [Declare.RequiredInteger("step_size"), Declare.Number("gamma", 0.1)],
            (r, a) => LRSchedulers.StepLR(r.Optimizer, a.Integer("step_size"), a.Number("gamma"))),
        Entry("MultiStepLR", "base lr times gamma at each milestone", [Declare.RequiredIntegers("milestones"), Declare.Number("gamma", 0.1)],
            (r, a) => LRSchedulers.MultiStepLR(r.Optimizer, a.Integers("milestones")!, a.Number("gamma"))),
        Entry("ConstantLR", "base lr times factor until total_iters, then base lr", [Declare.Number("factor", 1.0 / 3), Declare.Integer("total_iters", 5)],
            (r, a) => LRSchedulers.ConstantLR(r.Optimizer, a.Number("factor"), a.Integer("total_iters"))),
        Entry("LinearLR", "multiplier linear from start_factor to end_factor over total_iters",
            [Declare.Number("start_factor", 1.0 / 3), Declare.Number("end_factor", 1.0), Declare.Integer("total_iters", 5)],
            (r, a) => LRSchedulers.LinearLR(r.Optimizer, a.Number("start_factor"), a.Number("end_factor"), a.Integer("total_iters"))),
        Entry("ExponentialLR", "base lr times gamma^step", [Declare.RequiredNumber("gamma")],
            (r, a) => LRSchedulers.ExponentialLR(r.Optimizer, a.Number("gamma"))),
        Entry("SequentialLR", "child schedulers one after another, switching at the milestones",
            [Declare.Object("schedulers", required: true), Declare.RequiredIntegers("milestones")],
            (r, a, services) => LRSchedulers.SequentialLR(r.Optimizer, Children(r, a, services, Get), a.Integers("milestones")!)),
        // T_max defaults to the run length, which PyTorch has no notion of: only a missing run length is an error.
        Entry("CosineAnnealingLR", "cosine from base lr to eta_min over T_max steps (periodic after)",
            [Declare.OptionalInteger("T_max"), Declare.Number("eta_min", 0)],
            (r, a) => LRSchedulers.CosineAnnealingLR(r.Optimizer, a.OptionalInteger("T_max") ?? r.NumTrainingSteps ?? throw a.Missing("T_max"), a.Number("eta_min"))),
        Entry("ChainedScheduler", "the product of the child schedulers' multipliers", [Declare.Object("schedulers", required: true)],
            (r, a, services) => LRSchedulers.ChainedScheduler(Children(r, a, services, Get))),
        BuiltInSchedulers.Entry("ReduceLROnPlateau", "lr times factor when the metric stops improving (steps on metrics)",
            MetricSchedulerKwargs.PlateauArguments, (r, a) => MetricSchedulerKwargs.ReduceLROnPlateau(r.Optimizer, a)),
        Entry("CyclicLR", "lr cycling between base_lr and max_lr, momentum inversely",
            [
                Declare.RequiredGroups("base_lr"), Declare.RequiredGroups("max_lr"), Declare.Integer("step_size_up", 2000), Declare.OptionalInteger("step_size_down"),
                Declare.Text("mode", "triangular"), Declare.Number("gamma", 1.0), Declare.Object("scale_fn"), Declare.Text("scale_mode", "cycle"),
                Declare.Flag("cycle_momentum", true), Declare.OptionalGroups("base_momentum"), Declare.OptionalGroups("max_momentum"),
            ], CyclicLR),
        Entry("CosineAnnealingWarmRestarts", "cosine annealing restarting every T_i steps, T_i growing by T_mult",
            [Declare.RequiredInteger("T_0"), Declare.Integer("T_mult", 1), Declare.Number("eta_min", 0)],
            (r, a) => LRSchedulers.CosineAnnealingWarmRestarts(r.Optimizer, a.Integer("T_0"), a.Integer("T_mult"), a.Number("eta_min"))),
        Entry("OneCycleLR", "1cycle: warm up to max_lr, anneal far below the start; momentum inversely",
            [
                Declare.RequiredGroups("max_lr"), Declare.OptionalInteger("total_steps"), Declare.OptionalInteger("epochs"), Declare.OptionalInteger("steps_per_epoch"),
                Declare.Number("pct_start", 0.3), Declare.Text("anneal_strategy", "cos"), Declare.Flag("cycle_momentum", true),
                Declare.OptionalGroups("base_momentum"), Declare.OptionalGroups("max_momentum"), Declare.Number("div_factor", 25.0),
                Declare.Number("final_div_factor", 1e4), Declare.Flag("three_phase", false),
            ], OneCycleLR),
        Entry("PolynomialLR", "base lr times (1 - step/total_iters)^power", [Declare.Integer("total_iters", 5), Declare.Number("power", 1.0)],
            (r, a) => LRSchedulers.PolynomialLR(r.Optimizer, a.Integer("total_iters"), a.Number("power"))),
    ];

    /// <summary>The entry named <paramref name="name"/>; <see cref="UnknownSchedulerException"/> listing the others when absent.</summary>
    public static SchedulerDescriptor Get(string name) =>
        All.FirstOrDefault(d => d.Name == name) ?? throw new UnknownSchedulerException(name, All.Select(d => d.Name).ToList());

    // PyTorch rejects a keyword its constructor does not take: unknown keys are rejected naming the closest.
    private static SchedulerDescriptor Entry(string name, string description, ArgumentSpec[] specs, Func<SchedulerRequest, BoundArguments, Scheduler> build) =>
        BuiltInSchedulers.Entry(name, description, new ArgumentSchema(name, specs), build);

    // A composite also needs the services, to build its children through their own entries.
    private static SchedulerDescriptor Entry(string name, string description, ArgumentSpec[] specs,
        Func<SchedulerRequest, BoundArguments, IServiceProvider, Scheduler> build)
    {
        var arguments = new ArgumentSchema(name, specs);
        return new SchedulerDescriptor(name, description, (request, services) => build(request, request.ArgumentsOf(arguments), services)) { Arguments = arguments };
    }

    private static CycleScheduler CyclicLR(SchedulerRequest r, BoundArguments a)
    {
        var scaleFn = a.Value("scale_fn") switch
        {
            null => null,
            Func<double, double> f => f,
            var other => throw new ArgumentBindingException(a.Path, a.Owner, [new ArgumentProblem("scale_fn", $"'scale_fn' = '{other}' is not a Func<double, double>")]),
        };
        // As in PyTorch, mode is only checked (and used) without a custom scale_fn.
        var mode = scaleFn is null ? Choice(a, "mode", CyclicMode.Triangular, CyclicCurve.Modes, _ => "mode is invalid and scale_fn is None") : CyclicMode.Triangular;
        return LRSchedulers.CyclicLR(r.Optimizer, a.Groups("base_lr"), a.Groups("max_lr"), a.Integer("step_size_up"), a.OptionalInteger("step_size_down"),
            mode, a.Number("gamma"), scaleFn,
            Choice(a, "scale_mode", CyclicScaleMode.Cycle, ScaleModes, m => $"scale_mode must be 'cycle' or 'iterations', got {m}"),
            a.Flag("cycle_momentum"), a.OptionalGroups("base_momentum"), a.OptionalGroups("max_momentum"));
    }

    private static CycleScheduler OneCycleLR(SchedulerRequest r, BoundArguments a)
    {
        var epochs = a.OptionalInteger("epochs");
        var stepsPerEpoch = a.OptionalInteger("steps_per_epoch");
        // The run length stands in for total_steps only when neither way of giving the length was used.
        var totalSteps = a.OptionalInteger("total_steps") ?? (epochs is null && stepsPerEpoch is null ? r.NumTrainingSteps : null);
        return LRSchedulers.OneCycleLR(r.Optimizer, a.Groups("max_lr"), totalSteps, epochs, stepsPerEpoch, a.Number("pct_start"),
            Choice(a, "anneal_strategy", AnnealStrategy.Cos, AnnealStrategies, s => $"anneal_strategy must by one of 'cos' or 'linear', instead got {s}"),
            a.Flag("cycle_momentum"), a.OptionalGroups("base_momentum"), a.OptionalGroups("max_momentum"),
            a.Number("div_factor"), a.Number("final_div_factor"), a.Flag("three_phase"));
    }
}
