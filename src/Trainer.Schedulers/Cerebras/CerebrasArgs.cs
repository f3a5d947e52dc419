using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// The arguments of one Cerebras scheduler in a spec or configuration, bound against its class's schema on
/// creation (<see cref="CerebrasSchedulerClass.Arguments"/>; a legacy alias is an error naming its replacement,
/// checked first) under the node's configuration path, and read by generic argument name: LR classes read their
/// own spelling.
/// </summary>
internal sealed class CerebrasArgs
{
    private readonly BoundArguments bound;

    public CerebrasArgs(CerebrasSchedulerClass cls, IReadOnlyDictionary<string, object?> values, string where)
    {
        Class = cls;
        Where = where;
        Label = where.Length == 0 ? cls.Name : $"{where} ({cls.Name})";
        CheckLegacyNames(values);
        try
        {
            bound = cls.Arguments.Bind(values, Path);
        }
        catch (ArgumentBindingException e)
        {
            // Already names where it happened: outer levels pass it through unchanged.
            throw CerebrasErrors.Mark(e);
        }

        Tags = ParseTags(bound.Value(CerebrasArgumentNames.Tags));
    }

    /// <summary>The class.</summary>
    public CerebrasSchedulerClass Class { get; }

    /// <summary>The configuration path of this scheduler ("" at the root).</summary>
    public string Where { get; }

    /// <summary>Where the arguments were bound: <see cref="Where"/>, or the class name at the root.</summary>
    public string Path => Where.Length == 0 ? Class.Name : Where;

    /// <summary>Path and class, the prefix of every message.</summary>
    public string Label { get; }

    /// <summary>The parsed <c>param_group_tags</c> (null: every group).</summary>
    public IReadOnlyCollection<string?>? Tags { get; }

    /// <summary>The configuration path of an argument.</summary>
    public string PathOf(string generic) => Where.Length == 0 ? Name(generic) : $"{Where}.{Name(generic)}";

    /// <summary>The class's spelling of a generic argument name.</summary>
    public string Name(string generic) => CerebrasArgumentNames.For(generic, Class.Kind);

    /// <summary>A number argument.</summary>
    public double Number(string generic) => bound.Number(Name(generic));

    /// <summary>A number argument that may be None.</summary>
    public double? OptionalNumber(string generic) => bound.OptionalNumber(Name(generic));

    /// <summary>An integer argument.</summary>
    public long Integer(string generic) => bound.Integer(Name(generic));

    /// <summary>An integer argument that may be None.</summary>
    public long? OptionalInteger(string generic) => bound.OptionalInteger(Name(generic));

    /// <summary>A flag argument.</summary>
    public bool Flag(string generic) => bound.Flag(Name(generic));

    /// <summary>A text argument.</summary>
    public string Text(string generic) => bound.Text(Name(generic));

    /// <summary>A list of numbers.</summary>
    public IReadOnlyList<double> Numbers(string generic) => bound.Numbers(Name(generic)) ?? throw Missing(generic);

    /// <summary>A list of integers.</summary>
    public IReadOnlyList<long> Integers(string generic) => bound.Integers(Name(generic)) ?? throw Missing(generic);

    /// <summary>A required value the factory checks itself (child specs), as a list (a single value counts as a list of one).</summary>
    public IReadOnlyList<object?> List(string generic) => ConfigValues.AsList(Required(generic))!;

    /// <summary>A value the factory checks itself (<see cref="ArgumentKind.Any"/>), null when absent.</summary>
    public object? Value(string generic) => bound.Value(Name(generic));

    /// <summary>A required value the factory checks itself (a child spec); given as None it is missing.</summary>
    public object Required(string generic) => Value(generic) ?? throw Missing(generic);

    /// <summary>A required delegate supplied in code.</summary>
    public T Function<T>(string generic, string why) where T : Delegate => Value(generic) switch
    {
        T function => function,
        null => throw Missing(generic),
        var other => throw CerebrasErrors.Mark(new ArgumentBindingException(Path, Class.Name,
            [new ArgumentProblem(Name(generic), $"'{Name(generic)}' = {CerebrasConfigTree.Show(other)} is not a {typeof(T).Name} ({why})")])),
    };

    /// <summary>A located error about an argument.</summary>
    public ArgumentException Error(string generic, string message) => CerebrasErrors.Argument(Label, PathOf(generic), message);

    // A required argument given as None: the binder's wording, located.
    private ArgumentBindingException Missing(string generic) => CerebrasErrors.Mark(bound.Missing(Name(generic)));

    private void CheckLegacyNames(IReadOnlyDictionary<string, object?> values)
    {
        var accepted = Class.ArgumentNames;
        // As Cerebras' configure_scheduler_params: a legacy spelling is an error naming the replacement, checked
        // before unknown keys so the hint is not lost in a generic message.
        var legacy = Class.Parameters
            .Where(p => !values.ContainsKey(Name(p)))
            .SelectMany(p => CerebrasArgumentNames.Aliases(p, Class.Kind).Where(a => values.ContainsKey(a) && !accepted.Contains(a))
                .Take(1).Select(a => (Expected: Name(p), Actual: a)))
            .ToList();
        if (legacy.Count == 0) return;
        var replaced = string.Join("; ", legacy.Select(l => $"'{l.Actual}' is not supported, use '{l.Expected}'"));
        throw CerebrasErrors.Argument(Label, Where.Length == 0 ? legacy[0].Actual : $"{Where}.{legacy[0].Actual}", replaced);
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
