using Training.Optim;

namespace Training.Integrations;

/// <summary>
/// The running values schedulefree keeps among each group's hyperparameters (so its state dicts carry them): the step
/// counter <c>k</c> and, after it, the train/eval flag and the weighted-average bookkeeping. Internal keys, never
/// arguments; declared once for the three Schedule-Free options records.
/// </summary>
internal static class ScheduleFreeBookkeeping
{
    /// <summary>The step counter <c>k</c>, starting at 0.</summary>
    public static OptionField<T> Step<T>(OptionFields<T> f) where T : class => f.Internal("k", _ => 0L);

    /// <summary><c>train_mode</c>, <c>weight_sum</c>, <c>lr_max</c>, <c>scheduled_lr</c> with their initial values.</summary>
    public static IEnumerable<OptionField<T>> Averaging<T>(OptionFields<T> f) where T : class =>
    [
        f.Internal("train_mode", _ => false),
        f.Internal("weight_sum", _ => 0.0),
        f.Internal("lr_max", _ => -1.0),
        f.Internal("scheduled_lr", _ => 0.0),
    ];
}
