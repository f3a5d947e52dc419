using Training.Schedulers;

namespace Training.Schedulers.Tests.Cerebras;

/// <summary>
/// Where Cerebras has a bug (golden README, "Where a reference has a bug"): how many leading golden values agree
/// with the intended semantics, and our own closed form of those semantics at every step.
/// </summary>
internal static class IntendedSemantics
{
    public sealed record Rule(int Prefix, Func<int, double> Intended);

    /// <summary>Cerebras' placeholder lambdas (t/30 and 0.95^t), as the multiplier our LambdaLR takes.</summary>
    public static double Placeholder(long t) => t / 30.0 * Math.Pow(0.95, t);

    public static bool IsLambda(string className) => className is "LambdaLR" or "LambdaWD";

    public static CerebrasSchedulerSpec WithPlaceholderLambda(CerebrasSchedulerSpec spec) =>
        spec with { Args = new Dictionary<string, object?>(spec.Args) { [spec.Class == "LambdaLR" ? "lr_lambda" : "val_lambda"] = (Func<long, double>)Placeholder } };

    public static double Arg(CerebrasSchedulerSpec spec, string name, double? fallback = null)
    {
        if (spec.Args.TryGetValue(name, out var v) && v is not null) return Convert.ToDouble(v, System.Globalization.CultureInfo.InvariantCulture);
        return fallback ?? throw new KeyNotFoundException($"{spec.Class} has no argument {name}");
    }

    public static double Initial(CerebrasSchedulerSpec spec) =>
        spec.Args.ContainsKey("initial_learning_rate") ? Arg(spec, "initial_learning_rate") : Arg(spec, "initial_val");

    private static double End(CerebrasSchedulerSpec spec) =>
        spec.Args.ContainsKey("end_learning_rate") ? Arg(spec, "end_learning_rate") : Arg(spec, "end_val");

    /// <summary>The rule for a case, or null when Cerebras is right everywhere.</summary>
    public static Rule? RuleFor(CerebrasSchedulerSpec spec, double[] golden)
    {
        switch (spec.Class)
        {
            case "CosineAnnealingWarmRestarts" or "CosineAnnealingWarmRestartsWD":
            {
                // PyTorch: restart every T_0 steps (the golden cases have T_mult = 1).
                var t0 = (int)Arg(spec, "T_0");
                Assert.That(Arg(spec, "T_mult", 1), Is.EqualTo(1), "golden CAWR cases use T_mult = 1");
                var (initial, eta) = (Initial(spec), Arg(spec, "eta_min", 0));
                return new Rule(t0, t => eta + (initial - eta) * (1 + Math.Cos(Math.PI * (t % t0) / t0)) / 2);
            }

            case "PolynomialLR" or "PolynomialWD" or "LinearLR" or "LinearWD" when spec.Args.GetValueOrDefault("cycle") is true:
            {
                // TensorFlow's cycling polynomial decay: the period is the next multiple of total_iters.
                var total = (int)Arg(spec, "total_iters");
                var (initial, end, power) = (Initial(spec), End(spec), Arg(spec, "power", 1));
                return new Rule(total, t =>
                {
                    var period = total * Math.Max(1, (int)Math.Ceiling((double)t / total));
                    return end + (initial - end) * Math.Pow(1 - (double)t / period, power);
                });
            }

            case "OneCycleLR" or "OneCycleWD":
            {
                // Up to total_steps − 1 Cerebras is PyTorch's OneCycleLR; after it the final value is held.
                var total = (int)Arg(spec, "total_steps");
                return new Rule(total, t => golden[Math.Min(t, total - 1)]);
            }

            case "LambdaLR" or "LambdaWD":
            {
                // Not a target: ours is initial·λ(t) for the given λ; the caller checks the squared golden values.
                var initial = Initial(spec);
                return new Rule(0, t => initial * Placeholder(t));
            }

            default:
                return null;
        }
    }
}
