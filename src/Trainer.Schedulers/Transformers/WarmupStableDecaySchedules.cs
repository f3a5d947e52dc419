namespace Training.Schedulers;

/// <summary>The curve of a warm-up or decay phase of <see cref="WarmupStableDecaySchedules"/>.</summary>
public enum WsdShape
{
    /// <summary>"linear": p (warm-up) or 1 − p (decay).</summary>
    Linear,
    /// <summary>"cosine": ½·(1 − cos(π·p)) (warm-up) or ½·(1 + cos(π·c·2·p)) (decay).</summary>
    Cosine,
    /// <summary>"1-sqrt": 1 − sqrt(1 − p) (warm-up) or 1 − sqrt(p) (decay).</summary>
    OneMinusSqrt,
}

/// <summary>
/// Transformers' warmup-stable-decay schedule (<c>get_wsd_schedule</c>), as a multiplier of each group's initial
/// learning rate: W warm-up steps rising from m to 1, S stable steps at 1, D decay steps falling to m, then m
/// (m = <c>min_lr_ratio</c>).
/// </summary>
public static class WarmupStableDecaySchedules
{
    /// <summary>
    /// The schedule. S = <paramref name="stable"/>, or N − W − D when null (a given S wins over N, upstream only
    /// warns); neither given is an error. Warm-up: p = s / max(1, W), max(0, f·(1 − m) + m); stable: 1;
    /// decay: p = (s − W − S) / max(1, D), max(0, f·(1 − m) + m); after: m.
    /// </summary>
    public static ISchedule WarmupStableDecay(long warmup, long decay, long? training = null, long? stable = null,
        WsdShape warmupShape = WsdShape.Linear, WsdShape decayShape = WsdShape.Cosine, double minLrRatio = 0, double numCycles = 0.5)
    {
        var stableSteps = StableSteps(warmup, decay, training, stable);
        return Schedule.From(s =>
        {
            if (s < warmup)
            {
                var progress = (double)s / Math.Max(1, warmup);
                var factor = warmupShape switch
                {
                    WsdShape.Linear => progress,
                    WsdShape.Cosine => 0.5 * (1.0 - Math.Cos(Math.PI * progress)),
                    _ => 1.0 - Math.Sqrt(1.0 - progress),
                };
                return CosineCurve.WithFloor(factor, minLrRatio);
            }

            if (s < warmup + stableSteps) return 1.0;
            if (s < warmup + stableSteps + decay)
            {
                var progress = (double)(s - warmup - stableSteps) / Math.Max(1, decay);
                var factor = decayShape switch
                {
                    WsdShape.Linear => 1.0 - progress,
                    WsdShape.Cosine => CosineCurve.Cycles(numCycles, progress),
                    _ => 1.0 - Math.Sqrt(progress),
                };
                return CosineCurve.WithFloor(factor, minLrRatio);
            }

            return minLrRatio;
        });
    }

    /// <summary>
    /// The schedule from Transformers' type names ("linear", "cosine", "1-sqrt"), checked in upstream's order:
    /// the N/S requirement first, then the warm-up type, then the decay type.
    /// </summary>
    public static ISchedule FromTypeNames(long warmup, long decay, long? training, long? stable, string warmupType, string decayType,
        double minLrRatio, double numCycles)
    {
        _ = StableSteps(warmup, decay, training, stable);
        var warmupShape = ParseShape(warmupType, "warmup");
        var decayShape = ParseShape(decayType, "decay");
        return WarmupStableDecay(warmup, decay, training, stable, warmupShape, decayShape, minLrRatio, numCycles);
    }

    /// <summary>Parses a phase type; an unknown one fails with upstream's message ("Unknown decay type: exp, expected ...").</summary>
    public static WsdShape ParseShape(string name, string phase) => name switch
    {
        "linear" => WsdShape.Linear,
        "cosine" => WsdShape.Cosine,
        "1-sqrt" => WsdShape.OneMinusSqrt,
        _ => throw new ArgumentException($"Unknown {phase} type: {name}, expected 'linear', 'cosine' or '1-sqrt'", $"{phase}_type"),
    };

    private static long StableSteps(long warmup, long decay, long? training, long? stable) =>
        stable ?? (training is { } n
            ? n - warmup - decay
            : throw new ArgumentException("Either num_training_steps or num_stable_steps must be specified.", "num_stable_steps"));
}
