namespace Training.Schedulers;

/// <summary>
/// The arguments of one Cerebras scheduler in a spec or configuration, checked against its class on creation
/// (legacy aliases and unknown keys are errors naming them) and read with typed getters that name the key and
/// value on failure. Getters take generic argument names; LR classes read their own spelling.
/// </summary>
internal sealed class CerebrasArgs
{
    private readonly IReadOnlyDictionary<string, object?> values;

    public CerebrasArgs(CerebrasSchedulerClass cls, IReadOnlyDictionary<string, object?> values, string where)
    {
        Class = cls;
        this.values = values;
        Where = where;
        Label = where.Length == 0 ? cls.Name : $"{where} ({cls.Name})";
        CheckNames();
        Tags = ParseTags(values.GetValueOrDefault(CerebrasArgumentNames.Tags));
    }

    /// <summary>The class.</summary>
    public CerebrasSchedulerClass Class { get; }

    /// <summary>The configuration path of this scheduler ("" at the root).</summary>
    public string Where { get; }

    /// <summary>Path and class, the prefix of every message.</summary>
    public string Label { get; }

    /// <summary>The parsed <c>param_group_tags</c> (null: every group).</summary>
    public IReadOnlyCollection<string?>? Tags { get; }

    /// <summary>The configuration path of an argument.</summary>
    public string PathOf(string generic) => Where.Length == 0 ? Name(generic) : $"{Where}.{Name(generic)}";

    /// <summary>The class's spelling of a generic argument name.</summary>
    public string Name(string generic) => CerebrasArgumentNames.For(generic, Class.Kind);

    /// <summary>True when given (and not null).</summary>
    public bool Has(string generic) => Raw(generic) is not null;

    /// <summary>The raw value (null when absent).</summary>
    public object? Raw(string generic) => values.GetValueOrDefault(Name(generic));

    /// <summary>A required number.</summary>
    public double Double(string generic) => Read<double>(generic, Require(generic), ConfigValues.TryDouble, "a number");

    /// <summary>An optional number.</summary>
    public double Double(string generic, double fallback) => Has(generic) ? Double(generic) : fallback;

    /// <summary>An optional number without a default.</summary>
    public double? NullableDouble(string generic) => Has(generic) ? Double(generic) : null;

    /// <summary>A required integer.</summary>
    public long Long(string generic) => Read<long>(generic, Require(generic), ConfigValues.TryLong, "an integer");

    /// <summary>An optional integer.</summary>
    public long Long(string generic, long fallback) => Has(generic) ? Long(generic) : fallback;

    /// <summary>An optional integer without a default.</summary>
    public long? NullableLong(string generic) => Has(generic) ? Long(generic) : null;

    /// <summary>An optional boolean.</summary>
    public bool Bool(string generic, bool fallback) =>
        Has(generic) ? Read<bool>(generic, Raw(generic), ConfigValues.TryBool, "a boolean (true or false)") : fallback;

    /// <summary>An optional string.</summary>
    public string Text(string generic, string fallback) => Raw(generic) switch
    {
        null => fallback,
        string s => s,
        var other => throw CerebrasErrors.Format(Label, Name(generic), other, "a string"),
    };

    /// <summary>A required list of numbers.</summary>
    public IReadOnlyList<double> Doubles(string generic) =>
        List(generic).Select(v => Read<double>(generic, v, ConfigValues.TryDouble, "a number")).ToList();

    /// <summary>A required list of integers.</summary>
    public IReadOnlyList<long> Longs(string generic) =>
        List(generic).Select(v => Read<long>(generic, v, ConfigValues.TryLong, "an integer")).ToList();

    /// <summary>A required list (a single value counts as a list of one).</summary>
    public IReadOnlyList<object?> List(string generic) => ConfigValues.AsList(Require(generic))!;

    /// <summary>A required delegate supplied in code.</summary>
    public T Function<T>(string generic, string why) where T : Delegate => Raw(generic) switch
    {
        T function => function,
        null => throw CerebrasErrors.Argument(Label, PathOf(generic), $"missing required argument '{Name(generic)}' ({why})"),
        var other => throw CerebrasErrors.Format(Label, Name(generic), other, $"a {typeof(T).Name} ({why})"),
    };

    /// <summary>A located error about an argument.</summary>
    public ArgumentException Error(string generic, string message) => CerebrasErrors.Argument(Label, PathOf(generic), message);

    private object Require(string generic) =>
        Raw(generic) ?? throw CerebrasErrors.Argument(Label, PathOf(generic), $"missing required argument '{Name(generic)}'");

    private delegate bool TryRead<T>(object? value, out T result);

    private T Read<T>(string generic, object? value, TryRead<T> reader, string expected) =>
        reader(value, out var result) ? result : throw CerebrasErrors.Format(Label, Name(generic), value, expected);

    private void CheckNames()
    {
        var accepted = Class.ArgumentNames;
        // As Cerebras' configure_scheduler_params: a legacy spelling is an error naming the replacement, checked
        // before unknown keys so the hint is not lost in a generic message.
        var legacy = Class.Parameters
            .Where(p => !values.ContainsKey(Name(p)))
            .SelectMany(p => CerebrasArgumentNames.Aliases(p, Class.Kind).Where(a => values.ContainsKey(a) && !accepted.Contains(a))
                .Take(1).Select(a => (Expected: Name(p), Actual: a)))
            .ToList();
        if (legacy.Count > 0)
        {
            var replaced = string.Join("; ", legacy.Select(l => $"'{l.Actual}' is not supported, use '{l.Expected}'"));
            throw CerebrasErrors.Argument(Label, Where.Length == 0 ? legacy[0].Actual : $"{Where}.{legacy[0].Actual}", replaced);
        }

        var unknown = values.Keys.Where(k => !accepted.Contains(k)).Order(StringComparer.Ordinal).ToList();
        if (unknown.Count > 0)
        {
            throw CerebrasErrors.Argument(Label, Where.Length == 0 ? unknown[0] : $"{Where}.{unknown[0]}",
                $"unexpected argument{(unknown.Count > 1 ? "s" : "")} {string.Join(", ", unknown.Select(u => $"'{u}'"))}; {Class.Name} takes {string.Join(", ", accepted)}");
        }
    }

    private IReadOnlyCollection<string?>? ParseTags(object? raw)
    {
        if (raw is null) return null;
        var tags = ConfigValues.AsList(raw)!.Select(t => t switch
        {
            null => null,
            string s => s,
            _ => throw CerebrasErrors.Format(Label, CerebrasArgumentNames.Tags, raw, "a tag, a list of tags or null"),
        }).ToList();
        if (tags.Count != tags.Distinct().Count())
            throw CerebrasErrors.Argument(Label, PathOf(CerebrasArgumentNames.Tags), $"param_group_tags {CerebrasConfigTree.Show(raw)} contains duplicates");
        return tags;
    }
}
