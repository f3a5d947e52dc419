namespace Training.Optim;

/// <summary>
/// Arguments bound to a schema: every declared key with its typed value (given, or the default), which keys were
/// given, and what an <see cref="UnknownArgumentPolicy.Ignore"/> schema dropped. Reading a key the schema does not
/// declare is a programming error.
/// </summary>
public sealed class BoundArguments
{
    private readonly IReadOnlyDictionary<string, object?> values;
    private readonly IReadOnlySet<string> given;

    internal BoundArguments(string owner, string path, IReadOnlyDictionary<string, object?> values, IReadOnlySet<string> given,
        IReadOnlyDictionary<string, object?> ignored)
    {
        Owner = owner;
        Path = path;
        this.values = values;
        this.given = given;
        Ignored = ignored;
    }

    /// <summary>Whose arguments these are.</summary>
    public string Owner { get; }

    /// <summary>The setting the arguments were bound from (e.g. <c>LrSchedulerKwargs</c>), the prefix of a later error about them.</summary>
    public string Path { get; }

    /// <summary>Every declared key with its value.</summary>
    public IReadOnlyDictionary<string, object?> Values => values;

    /// <summary>Only the keys that were given, with their typed values.</summary>
    public IReadOnlyDictionary<string, object?> Given => values.Where(p => given.Contains(p.Key)).ToDictionary(p => p.Key, p => p.Value, StringComparer.Ordinal);

    /// <summary>Keys an ignoring schema does not declare, with their raw values.</summary>
    public IReadOnlyDictionary<string, object?> Ignored { get; }

    /// <summary>True when <paramref name="key"/> was given.</summary>
    public bool IsGiven(string key) => given.Contains(key);

    /// <summary>The raw typed value (null for None).</summary>
    public object? Value(string key) =>
        values.TryGetValue(key, out var v) ? v : throw new InvalidOperationException($"{Owner} declares no argument '{key}' (declared: {string.Join(", ", values.Keys)})");

    /// <summary>A number argument.</summary>
    public double Number(string key) => As<double>(key);

    /// <summary>A nullable number argument.</summary>
    public double? OptionalNumber(string key) => Value(key) is double d ? d : null;

    /// <summary>An integer argument.</summary>
    public long Integer(string key) => As<long>(key);

    /// <summary>A nullable integer argument.</summary>
    public long? OptionalInteger(string key) => Value(key) is long l ? l : null;

    /// <summary>A flag argument.</summary>
    public bool Flag(string key) => As<bool>(key);

    /// <summary>A text argument.</summary>
    public string Text(string key) => As<string>(key);

    /// <summary>A nullable text argument.</summary>
    public string? OptionalText(string key) => Value(key) as string;

    /// <summary>A pair argument.</summary>
    public (double First, double Second) Pair(string key) => As<double[]>(key) is [var a, var b] ? (a, b) : throw Wrong(key, "a pair");

    /// <summary>A list of numbers (null when None).</summary>
    public IReadOnlyList<double>? Numbers(string key) => Value(key) as double[];

    /// <summary>A list of integers (null when None).</summary>
    public IReadOnlyList<long>? Integers(string key) => Value(key) as long[];

    /// <summary>
    /// The error for an argument that had to be given after all (a factory whose fallback, such as a training length,
    /// was absent too): the binder's own "requires" wording, under <see cref="Path"/>.
    /// </summary>
    public ArgumentBindingException Missing(string key) => new(Path, Owner, [ArgumentProblem.Missing(Owner, key)]);

    private T As<T>(string key) => Value(key) is T t ? t : throw Wrong(key, typeof(T).Name);

    private InvalidOperationException Wrong(string key, string wanted) =>
        new($"{Owner} argument '{key}' is {values[key] ?? "None"}, not {wanted}");
}
