using System.Collections;
using System.Globalization;
using System.Text.Json.Nodes;
using Training.Schedulers;

namespace Training.Schedulers.Tests.Cerebras;

/// <summary>An SGD optimizer over one-element parameters, one per group, as the golden cases describe them.</summary>
internal sealed class CerebrasFixture : IDisposable
{
    private readonly List<Tensor> parameters;

    private CerebrasFixture(IEnumerable<(Dictionary<string, object?> Options, IEnumerable<string>? Tags)> groups)
    {
        parameters = [];
        var paramGroups = new List<ParamGroup>();
        foreach (var (options, tags) in groups)
        {
            var p = torch.zeros(1).requires_grad_().DetachFromDisposeScope();
            parameters.Add(p);
            paramGroups.Add(new ParamGroup([p], options, tags));
        }

        Optimizer = new Sgd(paramGroups);
    }

    public Optimizer Optimizer { get; }

    /// <summary>Groups from a golden <c>groups</c> array (lr, weight_decay, tags, adjust_learning_rate, adjust_val).</summary>
    public static CerebrasFixture FromGolden(JsonNode? groups) => new(groups!.AsArray().Select(g =>
    {
        var options = new Dictionary<string, object?>();
        IEnumerable<string>? tags = null;
        foreach (var (key, value) in g!.AsObject())
        {
            if (key == "tags") tags = value!.AsArray().Select(t => (string)t!).ToList();
            else options[key] = GoldenFiles.Number(value);
        }

        return (options, tags);
    }));

    /// <summary>Groups with the given lr and weight decay, optionally tagged.</summary>
    public static CerebrasFixture Groups(params (double Lr, double WeightDecay, string? Tag)[] groups) =>
        new(groups.Select(g => (new Dictionary<string, object?> { ["lr"] = g.Lr, ["weight_decay"] = g.WeightDecay },
            g.Tag is null ? null : (IEnumerable<string>?)[g.Tag])));

    /// <summary>Untagged groups with the given options.</summary>
    public static CerebrasFixture FromOptions(params Dictionary<string, object?>[] groups) =>
        new(groups.Select(g => (g, (IEnumerable<string>?)null)));

    /// <summary>One untagged group with lr = weight decay = 0.5 (the golden single-group setup).</summary>
    public static CerebrasFixture Single() => Groups((0.5, 0.5, null));

    /// <summary>The key's value in every group.</summary>
    public double[] Values(string key) => Optimizer.ParamGroups.Select(g => GroupKey.Get(g, key)).ToArray();

    /// <summary>values[group][t] for t = 0..steps: the value after construction, then after each step.</summary>
    public double[][] Run(Scheduler scheduler, string key, int steps)
    {
        var rows = new List<double[]> { Values(key) };
        for (var t = 1; t <= steps; t++)
        {
            scheduler.Step();
            rows.Add(Values(key));
        }

        return Enumerable.Range(0, Optimizer.ParamGroups.Count).Select(g => rows.Select(r => r[g]).ToArray()).ToArray();
    }

    public void Dispose()
    {
        Optimizer.Dispose();
        foreach (var p in parameters) p.Dispose();
    }

    /// <summary>A canonical text of a plain tree: keys sorted, every number as a double, for structural comparison.</summary>
    public static string Canonical(object? tree) => tree switch
    {
        null => "null",
        string s => $"\"{s}\"",
        bool b => b ? "true" : "false",
        double or long or int => Convert.ToDouble(tree, CultureInfo.InvariantCulture).ToString("R", CultureInfo.InvariantCulture),
        CerebrasSchedulerSpec spec => Canonical(spec.ToTree()),
        IDictionary<string, object?> d => "{" + string.Join(",", d.OrderBy(kv => kv.Key, StringComparer.Ordinal).Select(kv => $"{kv.Key}:{Canonical(kv.Value)}")) + "}",
        IEnumerable e => "[" + string.Join(",", e.Cast<object?>().Select(Canonical)) + "]",
        _ => tree.ToString() ?? "",
    };
}
