using Training.Optim;

namespace Training.Schedulers;

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.OneCycleLR (1cycle): the lr rises from <c>max_lr / div_factor</c> to
    /// <paramref name="max_lr"/> over the first <paramref name="pct_start"/> of the steps, then anneals to
    /// <c>initial_lr / final_div_factor</c> (with <paramref name="three_phase"/>: back to the initial lr first,
    /// then down). Momentum (or beta1 on Adam-style optimizers) moves inversely between
    /// <paramref name="max_momentum"/> and <paramref name="base_momentum"/>. As in PyTorch, the groups receive
    /// <c>initial_lr</c>, <c>max_lr</c>, <c>min_lr</c>, <c>max_momentum</c> and <c>base_momentum</c>, and stepping
    /// more than <c>total_steps</c> times fails.
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups are driven.</param>
    /// <param name="max_lr">Peak lr, one value or one per group.</param>
    /// <param name="total_steps">Steps in the cycle; when null, <paramref name="epochs"/> × <paramref name="steps_per_epoch"/>.</param>
    /// <param name="epochs">Epochs, with <paramref name="steps_per_epoch"/>, when <paramref name="total_steps"/> is not given.</param>
    /// <param name="steps_per_epoch">Steps per epoch, with <paramref name="epochs"/>.</param>
    /// <param name="pct_start">Share of the cycle spent increasing the lr, in [0, 1].</param>
    /// <param name="anneal_strategy">Cosine or linear annealing.</param>
    /// <param name="cycle_momentum">Cycle momentum (or beta1) inversely to the lr.</param>
    /// <param name="base_momentum">Momentum at the lr peak (default 0.85), one value or one per group.</param>
    /// <param name="max_momentum">Momentum at the start and end (default 0.95), one value or one per group.</param>
    /// <param name="div_factor">initial_lr = max_lr / div_factor.</param>
    /// <param name="final_div_factor">min_lr = initial_lr / final_div_factor.</param>
    /// <param name="three_phase">Use the original paper's three phases instead of fastai's two.</param>
    public static CycleScheduler OneCycleLR(Optimizer optimizer, GroupValues max_lr, long? total_steps = null, long? epochs = null,
        long? steps_per_epoch = null, double pct_start = 0.3, AnnealStrategy anneal_strategy = AnnealStrategy.Cos, bool cycle_momentum = true,
        GroupValues? base_momentum = null, GroupValues? max_momentum = null, double div_factor = 25.0, double final_div_factor = 1e4,
        bool three_phase = false)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(max_lr);
        var total = OneCycleTotalSteps(total_steps, epochs, steps_per_epoch);
        if (pct_start < 0 || pct_start > 1 || double.IsNaN(pct_start))
            throw new ArgumentOutOfRangeException(nameof(pct_start), pct_start, $"Expected float between 0 and 1 pct_start, but got {pct_start}");
        if (!Enum.IsDefined(anneal_strategy))
            throw new ArgumentOutOfRangeException(nameof(anneal_strategy), anneal_strategy,
                $"anneal_strategy must by one of 'cos' or 'linear', instead got {anneal_strategy}");
        var curve = new OneCycleCurve(total, pct_start, three_phase, anneal_strategy);

        var maxLrs = max_lr.For(optimizer, nameof(max_lr));
        for (var i = 0; i < maxLrs.Count; i++)
        {
            var group = optimizer.ParamGroups[i];
            group["initial_lr"] = maxLrs[i] / div_factor;
            group["max_lr"] = maxLrs[i];
            group["min_lr"] = group["initial_lr"] / final_div_factor;
        }

        ScheduledValue? momentum = null;
        if (cycle_momentum)
        {
            var key = CycleScheduler.MomentumKeyOf(optimizer);
            var maxMomentums = (max_momentum ?? 0.95).For(optimizer, nameof(max_momentum));
            var baseMomentums = (base_momentum ?? 0.85).For(optimizer, nameof(base_momentum));
            for (var i = 0; i < maxMomentums.Count; i++)
            {
                var group = optimizer.ParamGroups[i];
                GroupKey.Set(group, key, maxMomentums[i]);
                group["max_momentum"] = maxMomentums[i];
                group["base_momentum"] = baseMomentums[i];
            }

            // Momentum mirrors the lr: it starts and ends at max_momentum and is lowest at the lr peak.
            momentum = new ScheduledValue("OneCycleLR", optimizer, key,
                (group, _) => OneCyclePhases(curve, group["max_momentum"], group["base_momentum"], group["max_momentum"]));
        }

        // The anchors are read from the group (as PyTorch reads them), so a restored optimizer state is honoured.
        var lr = new ScheduledValue("OneCycleLR", optimizer, "lr",
            (group, initial) => OneCyclePhases(curve, initial, group["max_lr"], group["min_lr"]));
        return new CycleScheduler("OneCycleLR", lr, momentum);
    }

    /// <summary>
    /// One group's schedule through <paramref name="curve"/>'s phases. PyTorch evaluates step total_steps (one past
    /// the last, extrapolating the last phase) and fails after it.
    /// </summary>
    private static ISchedule OneCyclePhases(OneCycleCurve curve, double start, double peak, double end) => Schedule.From(t =>
        t <= curve.TotalSteps
            ? curve.ValueAt(t, start, peak, end)
            : throw new InvalidOperationException($"Tried to step {t + 1} times. The specified number of total steps is {curve.TotalSteps}"));

    /// <summary>PyTorch's resolution and checks of <c>total_steps</c> / <c>epochs</c> × <c>steps_per_epoch</c>.</summary>
    private static long OneCycleTotalSteps(long? totalSteps, long? epochs, long? stepsPerEpoch)
    {
        if (totalSteps is null && epochs is null && stepsPerEpoch is null)
            throw new ArgumentException("You must define either total_steps OR (epochs AND steps_per_epoch)", "total_steps");
        if (totalSteps is { } total)
        {
            RequirePositive(total, "total_steps");
            return total;
        }

        if (epochs is not > 0)
            throw new ArgumentOutOfRangeException("epochs", epochs, $"Expected positive integer epochs, but got {epochs?.ToString() ?? "None"}");
        if (stepsPerEpoch is not > 0)
            throw new ArgumentOutOfRangeException("steps_per_epoch", stepsPerEpoch,
                $"Expected positive integer steps_per_epoch, but got {stepsPerEpoch?.ToString() ?? "None"}");
        return epochs.Value * stepsPerEpoch.Value;
    }
}
