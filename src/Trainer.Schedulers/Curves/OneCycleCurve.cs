namespace Training.Schedulers;

/// <summary>
/// The 1cycle policy (Smith &amp; Topin, "Super-Convergence"), as PyTorch's <c>OneCycleLR.get_lr</c> computes it,
/// over three anchor values: start → peak → end (fastai's two phases), or start → peak → start → end
/// (<paramref name="ThreePhase"/>, the paper's). The phases end at the float steps <c>p·T − 1</c> [, <c>2·p·T − 2</c>],
/// <c>T − 1</c> (p = <paramref name="PctStart"/>, T = <paramref name="TotalSteps"/>); within a phase the value
/// anneals by <see cref="Anneal"/> over <c>pct = (t − phase start) / (phase end − phase start)</c>. Shared by the
/// PyTorch front end (lr from (initial_lr, max_lr, min_lr), momentum from (max_momentum, base_momentum,
/// max_momentum)) and Cerebras' <c>OneCycleLR</c>/<c>OneCycleWD</c> (absolute values; see <c>reference/cerebras.md</c>).
/// What happens past <c>T − 1</c> is the front end's choice: <see cref="ValueAt"/> extrapolates the last phase.
/// </summary>
/// <param name="TotalSteps">T, the length of the cycle.</param>
/// <param name="PctStart">p, the share of the cycle spent rising.</param>
/// <param name="ThreePhase">Return to the start value before the final decay.</param>
/// <param name="Strategy">Cosine or linear annealing within a phase.</param>
internal readonly record struct OneCycleCurve(long TotalSteps, double PctStart, bool ThreePhase, AnnealStrategy Strategy)
{
    /// <summary>
    /// The value at step <paramref name="t"/> between the anchors. A zero-length phase (p·T = 1) would divide by
    /// zero upstream (ZeroDivisionError in PyTorch); its end value is meant and returned.
    /// </summary>
    public double ValueAt(long t, double start, double peak, double end)
    {
        var rise = PctStart * TotalSteps - 1;
        (double EndStep, double From, double To)[] phases = ThreePhase
            ? [(rise, start, peak), (2 * PctStart * TotalSteps - 2, peak, start), (TotalSteps - 1, start, end)]
            : [(rise, start, peak), (TotalSteps - 1, peak, end)];
        var startStep = 0.0;
        var i = 0;
        // Phase i covers (end of phase i − 1, its own end]; the last phase takes everything after.
        while (i < phases.Length - 1 && t > phases[i].EndStep) startStep = phases[i++].EndStep;
        var (endStep, from, to) = phases[i];
        var pct = endStep == startStep ? 1.0 : (t - startStep) / (endStep - startStep);
        return Anneal(Strategy, from, to, pct);
    }

    /// <summary>
    /// PyTorch's <c>_annealing_cos</c> (<c>end + (start − end)/2·(cos(π·pct) + 1)</c>) or <c>_annealing_linear</c>
    /// (<c>(end − start)·pct + start</c>), in their operation order.
    /// </summary>
    public static double Anneal(AnnealStrategy strategy, double start, double end, double pct) => strategy == AnnealStrategy.Cos
        ? end + (start - end) / 2.0 * (Math.Cos(Math.PI * pct) + 1)
        : (end - start) * pct + start;
}
