namespace Training.Schedulers;

/// <summary>
/// Cyclical learning rates (Smith, "Cyclical Learning Rates for Training Neural Networks"), as PyTorch's
/// <c>CyclicLR.get_lr</c> computes them: a triangle wave rising for <c>step_size_up</c> steps and falling for
/// <c>step_size_down</c>, its amplitude scaled per mode. Shared by the PyTorch front end (lr and, inversely,
/// momentum) and Cerebras' <c>CyclicLR</c>/<c>CyclicWD</c> (absolute values; see <c>reference/cerebras.md</c>), in
/// PyTorch's operation order.
/// </summary>
internal static class CyclicCurve
{
    /// <summary>The mode names PyTorch and Cerebras accept, in PyTorch's order.</summary>
    public static IReadOnlyList<string> ModeNames { get; } = ["triangular", "triangular2", "exp_range"];

    /// <summary>The mode names mapped to their policies.</summary>
    public static IReadOnlyDictionary<string, CyclicMode> Modes { get; } = new Dictionary<string, CyclicMode>
    {
        ["triangular"] = CyclicMode.Triangular, ["triangular2"] = CyclicMode.Triangular2, ["exp_range"] = CyclicMode.ExpRange,
    };

    /// <summary>
    /// The cycle number (1, 2, ...) and the triangle's height in [0, 1] at step <paramref name="t"/>:
    /// <c>cycle = ⌊1 + t/(up + down)⌋</c>, <c>x = 1 + t/(up + down) − cycle</c>, height <c>x/r</c> while
    /// <c>x ≤ r</c> (r = up/(up + down)), else <c>(x − 1)/(r − 1)</c>.
    /// </summary>
    public static (double Cycle, double Height) Position(long t, double up, double down)
    {
        var totalSize = up + down;
        var stepRatio = up / totalSize;
        var cycle = Math.Floor(1 + t / totalSize);
        var x = 1.0 + t / totalSize - cycle;
        return (cycle, x <= stepRatio ? x / stepRatio : (x - 1) / (stepRatio - 1));
    }

    /// <summary>
    /// The amplitude scale of a built-in <paramref name="mode"/>: 1 (triangular), <c>1/2^(cycle − 1)</c>
    /// (triangular2) or <c>gamma^t</c> (exp_range, on steps).
    /// </summary>
    public static double Scale(CyclicMode mode, double gamma, double cycle, long t) => mode switch
    {
        CyclicMode.Triangular => 1.0,
        CyclicMode.Triangular2 => 1 / Math.Pow(2.0, cycle - 1),
        CyclicMode.ExpRange => Math.Pow(gamma, t),
        _ => throw new ArgumentOutOfRangeException(nameof(mode), mode, "mode is invalid and scale_fn is None"),
    };

    /// <summary>
    /// The excursion at step <paramref name="t"/>, <c>amplitude·height·scale</c>, with <paramref name="scale"/> given
    /// the cycle number and the step: the value is <c>base + excursion(max − base)</c> (momentum: <c>max − excursion(max − base)</c>).
    /// </summary>
    public static double Excursion(long t, double amplitude, double up, double down, Func<double, long, double> scale)
    {
        var (cycle, height) = Position(t, up, down);
        return amplitude * height * scale(cycle, t);
    }
}
