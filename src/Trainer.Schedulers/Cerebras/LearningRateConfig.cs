namespace Training.Schedulers;

/// <summary>
/// Cerebras' <c>configure_lr_scheduler(optimizer, learning_rate, adjust_learning_rate)</c> (cstorch 2.2/2.3) as a
/// resolution to a spec: a number is a ConstantLR; a dictionary names its class under <c>scheduler</c>
/// (case-insensitive, "LR" suffix optional); a list is several phases run one after another (milestones = running
/// sum of every phase's <c>total_iters</c> but the last's) or, with <c>main_scheduler: chained</c>, a
/// ChainedScheduler; a truthy <c>adjust_learning_rate</c> wraps the result in ScalePerParamLR.
/// </summary>
internal static class LearningRateConfig
{
    private const string Root = "learning_rate";

    public static CerebrasSchedulerSpec? Resolve(object? learningRate, object? adjustLearningRate)
    {
        var tree = CerebrasConfigTree.Normalize(learningRate);
        // A number given as a string (all configuration values are strings) is judged by its value: 0 means "no
        // scheduler", as a YAML 0 does for Cerebras.
        if (!ConfigValues.IsTruthy(tree) || (tree is string s && ConfigValues.Number(s) == 0)) return null;
        List<Dictionary<string, object?>> items = tree switch
        {
            double or long => [Constant(tree)],
            string text => ConfigValues.Number(text) is not null
                ? [Constant(text)]
                : throw new FormatException($"{Root} = '{text}' is neither a number nor a scheduler dictionary or list"),
            Dictionary<string, object?> d => [d],
            List<object?> list => list.Select((item, i) => item as Dictionary<string, object?>
                ?? throw new FormatException($"{Root}[{i}] = {CerebrasConfigTree.Show(item)} is not a scheduler dictionary (with a 'scheduler' key)")).ToList(),
            var other => throw new FormatException($"{Root} = {CerebrasConfigTree.Show(other)} is not a number, a scheduler dictionary or a list of them"),
        };
        var adjust = ConfigValues.IsTruthy(CerebrasConfigTree.Normalize(adjustLearningRate));
        List<string> paths = items.Count == 1 && tree is not List<object?> ? [Root] : items.Select((_, i) => $"{Root}[{i}]").ToList();
        var mains = new List<(string Path, string Value)>();
        var phases = items.Select((item, i) => Phase(item, paths[i], mains)).ToList();

        var main = MainScheduler(mains, adjust);
        CerebrasSchedulerSpec spec;
        if (main == "chained")
            spec = Composite("ChainedScheduler", phases.Select(p => p.Spec));
        else if (phases.Count == 1)
            spec = phases[0].Spec;
        else
            spec = Composite("SequentialLR", phases.Select(p => p.Spec), Milestones(phases, paths));
        return adjust ? new CerebrasSchedulerSpec("ScalePerParamLR", new Dictionary<string, object?>(StringComparer.Ordinal) { ["scheduler"] = spec }) : spec;
    }

    private static Dictionary<string, object?> Constant(object? value) =>
        new(StringComparer.Ordinal) { ["scheduler"] = "constant", ["learning_rate"] = value };

    private static (CerebrasSchedulerSpec Spec, CerebrasScheduleNode Node) Phase(Dictionary<string, object?> item, string path, List<(string, string)> mains)
    {
        var args = new Dictionary<string, object?>(item, StringComparer.Ordinal);
        if (args.Remove("main_scheduler", out var main) && ConfigValues.IsTruthy(main))
            mains.Add((path, main as string ?? throw new FormatException($"{path}.main_scheduler = {CerebrasConfigTree.Show(main)} is not a string")));
        if (!args.Remove("scheduler", out var name) || name is null)
            throw new ArgumentException($"{path}: missing 'scheduler' (the scheduler's class name, e.g. 'CosineDecay')", $"{path}.scheduler");
        if (name is not string className)
            throw new FormatException($"{path}.scheduler = {CerebrasConfigTree.Show(name)} is not a class name");
        var cls = CerebrasSchedulerClasses.FindLearningRate(className)
                  ?? throw CerebrasSchedulerClasses.Unknown(path, $"{path}.scheduler", className,
                      CerebrasSchedulerClasses.All.Where(c => c.Kind == CerebrasValueKind.LearningRate && !c.IsComposite).Select(c => c.Name));
        if (cls.IsComposite)
        {
            throw new ArgumentException(
                $"{path}.scheduler = '{className}': {cls.Name} cannot be written as one learning_rate dictionary; give a list of schedulers (optionally with main_scheduler: chained) and adjust_learning_rate instead",
                $"{path}.scheduler");
        }

        var spec = new CerebrasSchedulerSpec(cls.Name, args);
        // Compiling now validates the arguments with this phase's path in the messages, and gives its total_iters.
        return (spec, CerebrasSchedulerBuilder.Compile(spec, path));
    }

    private static string? MainScheduler(List<(string Path, string Value)> mains, bool adjust)
    {
        var distinct = mains.Select(m => m.Value).Distinct(StringComparer.Ordinal).ToList();
        if (distinct.Count > 1)
        {
            throw new ArgumentException($"conflicting main_scheduler values {CerebrasConfigTree.Show(distinct)}; every item must give the same one",
                $"{mains[0].Path}.main_scheduler");
        }

        if (distinct.Count == 0) return null;
        var (path, value) = mains[0];
        switch (value.ToLowerInvariant())
        {
            case "chained" or "chainedlr" or "chainedscheduler":
                if (adjust)
                    throw new ArgumentException($"{path}.main_scheduler = '{value}' is not supported with adjust_learning_rate (lr scaling); use a sequential list or drop adjust_learning_rate", $"{path}.main_scheduler");
                return "chained";
            case "sequential" or "sequentiallr":
                return "sequential";
            default:
                throw new ArgumentException($"{path}.main_scheduler = '{value}' is not 'chained' or 'sequential'", $"{path}.main_scheduler");
        }
    }

    private static List<object?> Milestones(List<(CerebrasSchedulerSpec Spec, CerebrasScheduleNode Node)> phases, List<string> paths)
    {
        var milestones = new List<object?>();
        long sum = 0;
        for (var i = 0; i < phases.Count - 1; i++)
        {
            sum += phases[i].Node.TotalIters ?? throw new ArgumentException(
                $"{paths[i]} ({phases[i].Spec.Class}) needs 'total_iters': in a list of schedulers, each phase but the last must say how long it runs (the milestones are their running sum)",
                $"{paths[i]}.total_iters");
            milestones.Add(sum);
        }

        return milestones;
    }

    private static CerebrasSchedulerSpec Composite(string className, IEnumerable<CerebrasSchedulerSpec> children, List<object?>? milestones = null)
    {
        var args = new Dictionary<string, object?>(StringComparer.Ordinal) { ["schedulers"] = children.Cast<object?>().ToList() };
        if (milestones is not null) args["milestones"] = milestones;
        return new CerebrasSchedulerSpec(className, args);
    }
}
