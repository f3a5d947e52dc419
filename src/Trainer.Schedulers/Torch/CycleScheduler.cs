using System.Collections;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// A learning-rate schedule and, optionally, a momentum schedule stepped together as one scheduler (PyTorch's
/// CyclicLR and OneCycleLR with <c>cycle_momentum</c>). Momentum is <c>momentum</c> on SGD/RMSprop-style
/// optimizers and <c>beta1</c> (the first element of <c>betas</c>) on Adam-style ones. One state dict holds
/// both: the learning-rate scheduler's, plus which momentum key is cycled.
/// </summary>
public sealed class CycleScheduler : Scheduler
{
    private readonly string name;

    /// <summary>Combines <paramref name="learningRate"/> with an optional <paramref name="momentum"/> scheduler on the same optimizer.</summary>
    public CycleScheduler(string name, ScheduledValue learningRate, ScheduledValue? momentum)
        : base((learningRate ?? throw new ArgumentNullException(nameof(learningRate))).Optimizer, learningRate.Key, learningRate.Tags)
    {
        if (momentum is not null && !ReferenceEquals(momentum.Optimizer, learningRate.Optimizer))
            throw new ArgumentException("the momentum and learning-rate schedulers drive different optimizers", nameof(momentum));
        if (momentum is not null && momentum.LastEpoch != learningRate.LastEpoch)
            throw new ArgumentException("the momentum and learning-rate schedulers are at different steps", nameof(momentum));
        this.name = name;
        LearningRate = learningRate;
        Momentum = momentum;
        LastEpoch = learningRate.LastEpoch;
    }

    /// <inheritdoc/>
    public override string Name => name;

    /// <summary>The learning-rate part.</summary>
    public ScheduledValue LearningRate { get; }

    /// <summary>The momentum part (null without <c>cycle_momentum</c>).</summary>
    public ScheduledValue? Momentum { get; }

    /// <summary>The cycled key: <c>momentum</c>, <c>beta1</c>, or null when momentum is not cycled.</summary>
    public string? MomentumKey => Momentum?.Key;

    /// <summary>The momentum last written into each driven group (empty when momentum is not cycled).</summary>
    public IReadOnlyList<double> GetLastMomentum() => Momentum?.GetLastLr() ?? [];

    /// <summary>
    /// The key momentum cycling drives on <paramref name="optimizer"/>: <c>beta1</c> when its defaults have
    /// <c>betas</c> (PyTorch's <c>use_beta1</c>), else <c>momentum</c>; PyTorch's error when it has neither.
    /// </summary>
    public static string MomentumKeyOf(Optimizer optimizer)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        if (optimizer.Defaults.ContainsKey("betas")) return "beta1";
        if (optimizer.Defaults.ContainsKey("momentum")) return "momentum";
        throw new ArgumentException("optimizer must support momentum with `cycle_momentum` option enabled", "cycle_momentum");
    }

    /// <summary>Advances both parts. Values past the schedule's end (OneCycleLR) fail before anything changes.</summary>
    public override void Step()
    {
        // Evaluate first so an out-of-range step leaves the scheduler and the groups as they were.
        _ = LearningRate.ValuesAt(LastEpoch + 1);
        _ = Momentum?.ValuesAt(LastEpoch + 1);
        LearningRate.Step();
        Momentum?.Step();
        LastEpoch = LearningRate.LastEpoch;
    }

    /// <inheritdoc/>
    public override OrderedDictionary<object, object?> StateDict()
    {
        var state = LearningRate.StateDict();
        state["scheduler"] = name;
        state["cycle_momentum"] = Momentum is not null;
        if (Momentum is not null)
        {
            state["momentum_key"] = Momentum.Key;
            state["_last_momentum"] = Momentum.GetLastLr().Cast<object?>().ToList();
        }

        return state;
    }

    /// <summary>
    /// Restores the position (<c>last_epoch</c>, <c>_step_count</c>) and the learning-rate base values, then writes
    /// the resumed learning rates and momenta. The momentum schedule is absolute, so the position is all it needs.
    /// </summary>
    public override void LoadStateDict(IDictionary stateDict)
    {
        ArgumentNullException.ThrowIfNull(stateDict);
        LearningRate.LoadStateDict(stateDict);
        if (Momentum is not null)
        {
            var momentumState = new Dictionary<string, object?>
            {
                ["base_lrs"] = Momentum.BaseValues.Cast<object?>().ToList(),
                ["last_epoch"] = LearningRate.LastEpoch,
                ["_step_count"] = LearningRate.StateDict()["_step_count"],
            };
            Momentum.LoadStateDict(momentumState);
        }

        LastEpoch = LearningRate.LastEpoch;
    }
}
