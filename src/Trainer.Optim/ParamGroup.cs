using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// A parameter group: its parameters and its hyperparameters, stored under PyTorch's keys (<c>lr</c>,
/// <c>betas</c>, <c>weight_decay</c>, <c>momentum</c>, ...) so any scheduler can drive any key and
/// <c>state_dict()</c> matches PyTorch's layout. Numeric keys are read and written through the indexer;
/// pairs (<c>betas</c>, <c>etas</c>) through <see cref="GetPair"/>/<see cref="SetPair"/>.
/// </summary>
public sealed class ParamGroup
{
    private readonly List<Tensor> parameters;
    private readonly OrderedDictionary<string, object?> options = new(StringComparer.Ordinal);

    /// <summary>Creates a group; keys in <paramref name="options"/> override the optimizer's defaults.</summary>
    public ParamGroup(IEnumerable<Tensor> parameters, IReadOnlyDictionary<string, object?>? options = null, IEnumerable<string>? tags = null)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        this.parameters = parameters.ToList();
        if (this.parameters.Any(p => p is null)) throw new ArgumentException("a parameter group contains a null parameter", nameof(parameters));
        if (options is not null)
            foreach (var (key, value) in options) this.options[key] = Normalize(key, value);
        Tags = tags is null ? new HashSet<string>(StringComparer.Ordinal) : new HashSet<string>(tags, StringComparer.Ordinal);
    }

    /// <summary>A copy with the same parameters, hyperparameters and tags (the parameters are shared, not cloned).</summary>
    public ParamGroup Copy() => new(parameters, options, Tags);

    /// <summary>The parameters, in order.</summary>
    public IReadOnlyList<Tensor> Parameters => parameters;

    /// <summary>Tags selecting this group for tag-targeted schedulers (Cerebras <c>param_group_tags</c>).</summary>
    public ISet<string> Tags { get; }

    /// <summary>The hyperparameter keys, in insertion (PyTorch) order.</summary>
    public IEnumerable<string> Keys => options.Keys;

    /// <summary>Every hyperparameter.</summary>
    public IReadOnlyDictionary<string, object?> Options => options;

    /// <summary>True when the group has <paramref name="key"/>.</summary>
    public bool ContainsKey(string key) => options.ContainsKey(key);

    /// <summary>A numeric hyperparameter (booleans read as 0/1).</summary>
    public double this[string key]
    {
        get => GetValue(key) switch
        {
            double d => d,
            long l => l,
            int i => i,
            bool b => b ? 1 : 0,
            null => throw new InvalidOperationException($"hyperparameter '{key}' is None in this parameter group"),
            var other => throw new InvalidOperationException($"hyperparameter '{key}' is {Describe(other)}, not a number"),
        };
        set => options[key] = value;
    }

    /// <summary>The raw value of a hyperparameter.</summary>
    public object? GetValue(string key) =>
        options.TryGetValue(key, out var value)
            ? value
            : throw new KeyNotFoundException($"parameter group has no hyperparameter '{key}' (has: {string.Join(", ", options.Keys)})");

    /// <summary>Sets any hyperparameter (numbers become double, pairs double[2]).</summary>
    public void SetValue(string key, object? value) => options[key] = Normalize(key, value);

    /// <summary>A boolean hyperparameter.</summary>
    public bool GetFlag(string key) => GetValue(key) switch
    {
        bool b => b,
        double d => d != 0,
        null => false,
        var other => throw new InvalidOperationException($"hyperparameter '{key}' is {Describe(other)}, not a boolean"),
    };

    /// <summary>A two-element hyperparameter such as <c>betas</c>.</summary>
    public (double First, double Second) GetPair(string key) => GetValue(key) switch
    {
        double[] { Length: 2 } pair => (pair[0], pair[1]),
        var other => throw new InvalidOperationException($"hyperparameter '{key}' is {Describe(other)}, not a pair"),
    };

    /// <summary>Sets a two-element hyperparameter.</summary>
    public void SetPair(string key, double first, double second) => options[key] = new[] { first, second };

    /// <summary>The learning rate (<c>lr</c>).</summary>
    public double LearningRate
    {
        get => this["lr"];
        set => this["lr"] = value;
    }

    /// <summary>
    /// The group's learning-rate scale factor (Cerebras' <c>adjust_learning_rate</c>, used by ScalePerParam
    /// schedulers); 1 when the group has none.
    /// </summary>
    public double AdjustLearningRate
    {
        get => options.TryGetValue("adjust_learning_rate", out var v) && v is double d ? d : 1.0;
        set => options["adjust_learning_rate"] = value;
    }

    /// <summary>Sets a key only when the group does not have it yet (PyTorch's <c>setdefault</c>).</summary>
    internal void SetDefault(string key, object? value)
    {
        if (!options.ContainsKey(key)) options[key] = Normalize(key, value);
    }

    internal void AddParameters(IEnumerable<Tensor> added) => parameters.AddRange(added);

    private static object? Normalize(string key, object? value) => value switch
    {
        null or bool or string or double => value,
        float f => (double)f,
        int i => (double)i,
        long l => (double)l,
        decimal m => (double)m,
        double[] pair => pair.ToArray(),
        ValueTuple<double, double> t => new[] { t.Item1, t.Item2 },
        IEnumerable<double> sequence => sequence.ToArray(),
        object?[] tuple when tuple.All(v => v is double or long or int or float) => tuple.Select(Convert.ToDouble).ToArray(),
        List<object?> list when list.All(v => v is double or long or int or float) => list.Select(Convert.ToDouble).ToArray(),
        _ => throw new ArgumentException($"hyperparameter '{key}' has an unsupported value of type {value.GetType().Name}"),
    };

    private static string Describe(object? value) => value switch
    {
        null => "None",
        double[] a => $"({string.Join(", ", a)})",
        _ => $"{value} ({value.GetType().Name})",
    };
}
