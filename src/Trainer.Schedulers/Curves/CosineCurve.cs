namespace Training.Schedulers;

/// <summary>
/// The cosine shapes every front end uses, each written once in the operation order of its upstream so the
/// doubles match bit for bit. Two forms exist upstream and both are kept, because they round differently:
/// <list type="bullet">
/// <item><see cref="Anneal"/>, PyTorch's closed form (<c>torch.optim.lr_scheduler.CosineAnnealingLR._get_closed_form_lr</c>,
/// <c>CosineAnnealingWarmRestarts</c>), also used by Cerebras' <c>CosineAnnealingLR</c>, <c>CosineDecayLR</c> and
/// <c>CosineAnnealingWarmRestarts</c> (see <c>reference/cerebras.md</c>, "schedulers");</item>
/// <item><see cref="Cycles"/>, Transformers' multiplier (<c>optimization.py</c>,
/// <c>_get_cosine_schedule_with_warmup_lr_lambda</c> and the warmup-stable-decay schedule; see
/// <c>reference/hf_trainer.md</c> §4 "Schedules").</item>
/// </list>
/// </summary>
internal static class CosineCurve
{
    /// <summary>
    /// <c>to + (from − to)·(1 + cos(π·position / period)) / 2</c>: <paramref name="from"/> at position 0,
    /// <paramref name="to"/> at <paramref name="period"/>. Not clamped: the cosine is periodic and rises again after
    /// <paramref name="period"/>, as PyTorch's does. (Cerebras' CosineDecay writes <c>·½·</c> where this divides by 2;
    /// halving is exact in binary floating point, so the doubles are the same.)
    /// </summary>
    public static double Anneal(double from, double to, double position, double period) =>
        to + (from - to) * (1 + Math.Cos(Math.PI * position / period)) / 2;

    /// <summary>
    /// Transformers' <c>0.5·(1 + cos(π·c·2·p))</c>: 1 at progress <paramref name="progress"/> = 0, and
    /// <paramref name="numCycles"/> cosine periods over p ∈ [0, 1] (c = 0.5 is one half wave, down to 0 at p = 1).
    /// </summary>
    public static double Cycles(double numCycles, double progress) =>
        0.5 * (1.0 + Math.Cos(Math.PI * numCycles * 2.0 * progress));

    /// <summary>
    /// Transformers' floor on a multiplier: <c>max(0, f·(1 − m) + m)</c> (Python's <c>max</c>), mapping
    /// <paramref name="factor"/> ∈ [0, 1] onto [<paramref name="minRatio"/>, 1].
    /// </summary>
    public static double WithFloor(double factor, double minRatio) => PyMath.Max(0.0, factor * (1.0 - minRatio) + minRatio);
}
