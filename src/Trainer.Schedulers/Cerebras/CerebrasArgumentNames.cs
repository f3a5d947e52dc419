namespace Training.Schedulers;

/// <summary>Whether a Cerebras scheduler class drives the learning rate or the weight decay.</summary>
internal enum CerebrasValueKind
{
    /// <summary>An LRScheduler: drives <c>lr</c>, takes LR-named value arguments.</summary>
    LearningRate,

    /// <summary>A WeightDecayScheduler: drives <c>weight_decay</c>, takes the generic value argument names.</summary>
    WeightDecay,
}

/// <summary>
/// Argument names. Class definitions use the generic names of Cerebras' base schedulers (the WD names:
/// <c>val</c>, <c>initial_val</c>, ...); LR classes rename the value arguments (<c>initial_learning_rate</c>, ...).
/// Also the legacy and misspelt names that Cerebras' configure_lr_scheduler rejects with a hint.
/// </summary>
internal static class CerebrasArgumentNames
{
    /// <summary>The argument every class takes.</summary>
    public const string Tags = "param_group_tags";

    private static readonly Dictionary<string, string> LearningRateNames = new(StringComparer.Ordinal)
    {
        ["val"] = "learning_rate",
        ["initial_val"] = "initial_learning_rate",
        ["end_val"] = "end_learning_rate",
        ["vals"] = "learning_rates",
        ["base_val"] = "base_lr",
        ["max_val"] = "max_lr",
        ["val_lambda"] = "lr_lambda",
    };

    // Cerebras' configure_scheduler_params aliases (by the LR name they stand for).
    private static readonly Dictionary<string, string[]> Legacy = new(StringComparer.Ordinal)
    {
        ["total_iters"] = ["steps", "decay_steps"],
        ["initial_learning_rate"] = ["learning_rate", "base_lr"],
        ["base_lr"] = ["learning_rate", "initial_learning_rate"],
        ["learning_rates"] = ["values"],
        ["vals"] = ["values"],
        ["milestones"] = ["boundaries"],
    };

    /// <summary>The driven group key.</summary>
    public static string Key(CerebrasValueKind kind) => kind == CerebrasValueKind.LearningRate ? "lr" : "weight_decay";

    /// <summary>The class's own name of a generic argument.</summary>
    public static string For(string generic, CerebrasValueKind kind) =>
        kind == CerebrasValueKind.LearningRate && LearningRateNames.TryGetValue(generic, out var name) ? name : generic;

    /// <summary>
    /// Names that stand for <paramref name="generic"/> but are not accepted: Cerebras' legacy aliases, the lower-case
    /// spelling of names with capitals (<c>t_max</c>), and the other flavour's name (<c>initial_val</c> in an LR class).
    /// </summary>
    public static IEnumerable<string> Aliases(string generic, CerebrasValueKind kind)
    {
        var name = For(generic, kind);
        if (Legacy.TryGetValue(name, out var legacy))
        {
            foreach (var alias in legacy) yield return alias;
        }

        if (name.ToLowerInvariant() != name) yield return name.ToLowerInvariant();
        var other = For(generic, kind == CerebrasValueKind.LearningRate ? CerebrasValueKind.WeightDecay : CerebrasValueKind.LearningRate);
        if (other != name) yield return other;
    }
}
