using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Builds Cerebras schedulers from specs (<see cref="CerebrasSchedulerSpec"/>): class names are exact, arguments
/// bind against the class's declared schema (unknown keys, types, required arguments, ranges; legacy spellings are
/// refused first, naming the replacement) and errors name the offending key and value.
/// </summary>
public static class CerebrasSchedulerBuilder
{
    /// <summary>Every Cerebras class name this port builds (LR and WD), e.g. "CosineDecayLR", "LinearWD".</summary>
    public static IReadOnlyList<string> ClassNames { get; } = CerebrasSchedulerClasses.All.Select(c => c.Name).ToList();

    /// <summary>The argument names a class accepts (under its own naming, including <c>param_group_tags</c>).</summary>
    public static IReadOnlyList<string> ArgumentNames(string className)
    {
        ArgumentNullException.ThrowIfNull(className);
        return (CerebrasSchedulerClasses.Find(className)
                ?? throw CerebrasSchedulerClasses.Unknown("spec", "class", className, ClassNames)).ArgumentNames;
    }

    /// <summary>Compiles a spec into its pure schedule, tags and key without touching an optimizer.</summary>
    public static CerebrasScheduleNode Compile(CerebrasSchedulerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(spec);
        return Compile(spec, "");
    }

    /// <summary>
    /// Builds the scheduler on <paramref name="optimizer"/>; the step-0 value is written into the targeted groups now
    /// (as Cerebras does at construction).
    /// </summary>
    public static ScheduledValue Build(Optimizer optimizer, CerebrasSchedulerSpec spec)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        var node = Compile(spec);
        return CerebrasErrors.Locate(node.ClassName, "", () => node.CreateScheduler(optimizer));
    }

    /// <summary>Builds the scheduler from a <c>{class, args}</c> tree (dictionary, JSON or configuration section).</summary>
    public static ScheduledValue Build(Optimizer optimizer, object? specTree) => Build(optimizer, CerebrasSchedulerSpec.Parse(specTree));

    /// <summary>Compiles a spec found at configuration path <paramref name="where"/> ("" at the root).</summary>
    internal static CerebrasScheduleNode Compile(CerebrasSchedulerSpec spec, string where)
    {
        var label = where.Length == 0 ? spec.Class : where;
        var cls = CerebrasSchedulerClasses.Find(spec.Class)
                  ?? throw CerebrasSchedulerClasses.Unknown(label, where.Length == 0 ? "class" : $"{where}.class", spec.Class, ClassNames);
        var values = (Dictionary<string, object?>)CerebrasConfigTree.Normalize(spec.Args)!;
        var args = new CerebrasArgs(cls, values, where);
        return CerebrasErrors.Locate(args.Label, where, () => cls.Build(args));
    }
}
