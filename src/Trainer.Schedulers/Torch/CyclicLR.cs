using Training.Optim;

namespace Training.Schedulers;

/// <summary>What CyclicLR's scale function is evaluated on (PyTorch's <c>scale_mode</c>).</summary>
public enum CyclicScaleMode
{
    /// <summary><c>"cycle"</c>: the cycle number (1, 2, ...).</summary>
    Cycle,
    /// <summary><c>"iterations"</c>: the step t.</summary>
    Iterations,
}

public static partial class LRSchedulers
{
    /// <summary>
    /// torch.optim.lr_scheduler.CyclicLR: the lr rises from <paramref name="base_lr"/> towards
    /// <paramref name="max_lr"/> over <paramref name="step_size_up"/> steps and falls back over
    /// <paramref name="step_size_down"/>, the amplitude scaled by the mode's function; momentum (with
    /// <paramref name="cycle_momentum"/>) cycles inversely between <paramref name="max_momentum"/> and
    /// <paramref name="base_momentum"/>. The lr values are absolute: each group's current lr is replaced.
    /// </summary>
    /// <remarks>
    /// PyTorch 1.13 cycles only <c>momentum</c> and rejects Adam-style optimizers; like PyTorch 2, this also
    /// cycles <c>beta1</c> when the optimizer has <c>betas</c>.
    /// </remarks>
    /// <param name="optimizer">The optimizer whose groups are driven.</param>
    /// <param name="base_lr">Lower lr bound, one value or one per group (written into the groups at construction).</param>
    /// <param name="max_lr">Upper lr bound, one value or one per group.</param>
    /// <param name="step_size_up">Steps of the rising half of a cycle.</param>
    /// <param name="step_size_down">Steps of the falling half (default: <paramref name="step_size_up"/>).</param>
    /// <param name="mode">The amplitude policy (ignored when <paramref name="scale_fn"/> is given).</param>
    /// <param name="gamma">The base of <see cref="CyclicMode.ExpRange"/>'s scaling.</param>
    /// <param name="scale_fn">A custom amplitude scaling in [0, 1]; replaces <paramref name="mode"/>.</param>
    /// <param name="scale_mode">What <paramref name="scale_fn"/> is evaluated on.</param>
    /// <param name="cycle_momentum">Cycle momentum (or beta1) inversely to the lr.</param>
    /// <param name="base_momentum">Lower momentum bound (default 0.8), one value or one per group.</param>
    /// <param name="max_momentum">Upper momentum bound (default 0.9), one value or one per group.</param>
    public static CycleScheduler CyclicLR(Optimizer optimizer, GroupValues base_lr, GroupValues max_lr, long step_size_up = 2000,
        long? step_size_down = null, CyclicMode mode = CyclicMode.Triangular, double gamma = 1.0, Func<double, double>? scale_fn = null,
        CyclicScaleMode scale_mode = CyclicScaleMode.Cycle, bool cycle_momentum = true, GroupValues? base_momentum = null,
        GroupValues? max_momentum = null)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        ArgumentNullException.ThrowIfNull(base_lr);
        ArgumentNullException.ThrowIfNull(max_lr);
        var baseLrs = base_lr.For(optimizer, nameof(base_lr));
        for (var i = 0; i < baseLrs.Count; i++) optimizer.ParamGroups[i].LearningRate = baseLrs[i];
        var maxLrs = max_lr.For(optimizer, nameof(max_lr));
        RequirePositive(step_size_up, nameof(step_size_up));
        var down = step_size_down ?? step_size_up;
        RequirePositive(down, nameof(step_size_down));
        var scale = CyclicScale(mode, gamma, scale_fn, scale_mode);
        double Excursion(double amplitude, long t) => CyclicCurve.Excursion(t, amplitude, step_size_up, down, scale);

        ScheduledValue? momentum = null;
        if (cycle_momentum)
        {
            var key = CycleScheduler.MomentumKeyOf(optimizer);
            var baseMomentums = (base_momentum ?? 0.8).For(optimizer, nameof(base_momentum));
            for (var i = 0; i < baseMomentums.Count; i++) GroupKey.Set(optimizer.ParamGroups[i], key, baseMomentums[i]);
            var maxMomentums = (max_momentum ?? 0.9).For(optimizer, nameof(max_momentum));
            // Momentum moves opposite to the lr: max_momentum − amplitude.
            momentum = new ScheduledValue("CyclicLR", optimizer, key,
                PerGroup(optimizer, (g, _) => Schedule.From(t => maxMomentums[g] - Excursion(maxMomentums[g] - baseMomentums[g], t))));
        }

        var lr = new ScheduledValue("CyclicLR", optimizer, "lr",
            PerGroup(optimizer, (g, _) => Schedule.From(t => baseLrs[g] + Excursion(maxLrs[g] - baseLrs[g], t))));
        return new CycleScheduler("CyclicLR", lr, momentum);
    }

    /// <summary>The amplitude scaling and what it is evaluated on (true = the step, false = the cycle number).</summary>
    /// <summary>The amplitude scale of (cycle, step): the custom function on its scale mode, else the built-in mode's.</summary>
    private static Func<double, long, double> CyclicScale(CyclicMode mode, double gamma, Func<double, double>? custom, CyclicScaleMode scaleMode)
    {
        if (custom is not null) return scaleMode == CyclicScaleMode.Iterations ? (_, t) => custom(t) : (cycle, _) => custom(cycle);
        if (!Enum.IsDefined(mode)) throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode is invalid and scale_fn is None");
        return (cycle, t) => CyclicCurve.Scale(mode, gamma, cycle, t);
    }
}
