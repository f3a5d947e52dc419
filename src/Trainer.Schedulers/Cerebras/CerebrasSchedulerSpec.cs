namespace Training.Schedulers;

/// <summary>
/// A Cerebras scheduler as a class name and its constructor keyword arguments (without the optimizer), e.g.
/// <c>{class: "CosineDecayLR", args: {initial_learning_rate: 0.1, end_learning_rate: 0.01, total_iters: 10}}</c>.
/// Composites nest specs: <c>schedulers: [spec, ...]</c> (plus <c>milestones</c> for Sequential) or
/// <c>scheduler: spec</c> for ScalePerParam; a nested spec may be a <see cref="CerebrasSchedulerSpec"/> or its tree.
/// </summary>
/// <param name="Class">The Cerebras class name (case-sensitive).</param>
/// <param name="Args">The arguments under the class's own names; values are plain trees (see <see cref="CerebrasConfigTree"/>).</param>
public sealed record CerebrasSchedulerSpec(string Class, IReadOnlyDictionary<string, object?> Args)
{
    /// <summary>Reads a spec from a <c>{class, args}</c> tree (a dictionary, JSON or configuration section).</summary>
    public static CerebrasSchedulerSpec Parse(object? tree, string where = "spec")
    {
        ArgumentNullException.ThrowIfNull(where);
        switch (CerebrasConfigTree.Normalize(tree))
        {
            case CerebrasSchedulerSpec spec:
                return spec;
            case Dictionary<string, object?> d when d.Keys.All(k => k is "class" or "args") && d.GetValueOrDefault("class") is string name:
                return d.GetValueOrDefault("args") switch
                {
                    null => new CerebrasSchedulerSpec(name, new Dictionary<string, object?>(StringComparer.Ordinal)),
                    Dictionary<string, object?> args => new CerebrasSchedulerSpec(name, args),
                    var other => throw new FormatException($"{where}.args = {CerebrasConfigTree.Show(other)} is not a dictionary of arguments"),
                };
            case var other:
                throw new FormatException($"{where} = {CerebrasConfigTree.Show(other)} is not a scheduler spec {{class: <name>, args: {{...}}}}");
        }
    }

    /// <summary>True when <paramref name="tree"/> has the <c>{class, args}</c> shape (rather than <c>{ClassName: kwargs}</c>).</summary>
    public static bool IsSpecTree(object? tree) =>
        tree is CerebrasSchedulerSpec || (tree is IReadOnlyDictionary<string, object?> d && d.ContainsKey("class") && d.Keys.All(k => k is "class" or "args"));

    /// <summary>The spec as a plain tree (nested specs too), e.g. to serialise or compare.</summary>
    public Dictionary<string, object?> ToTree() => new(StringComparer.Ordinal)
    {
        ["class"] = Class,
        ["args"] = Args.ToDictionary(kv => kv.Key, kv => TreeOf(kv.Value), StringComparer.Ordinal),
    };

    private static object? TreeOf(object? value) => value switch
    {
        CerebrasSchedulerSpec spec => spec.ToTree(),
        List<object?> list => list.Select(TreeOf).ToList(),
        _ => value,
    };
}
