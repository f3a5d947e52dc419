namespace Training.Optim;

/// <summary>Declares the fields of an options record <typeparamref name="T"/>, one call per parameter (see <see cref="OptionsSchema{T}"/>).</summary>
/// <typeparam name="T">The options record.</typeparam>
public sealed class OptionFields<T> where T : class
{
    internal OptionFields()
    {
    }

    /// <summary>A number parameter.</summary>
    public OptionField<T> Number(string key, Func<T, double> read, Func<T, double, T> write, ArgumentRule? rule = null) =>
        new(new ArgumentSpec(key, ArgumentKind.Number) { Rule = rule }, o => read(o), (o, v) => write(o, (double)v!));

    /// <summary>A number parameter that may be None.</summary>
    public OptionField<T> OptionalNumber(string key, Func<T, double?> read, Func<T, double?, T> write, ArgumentRule? rule = null) =>
        new(new ArgumentSpec(key, ArgumentKind.Number) { Rule = rule, Nullable = true }, o => read(o), (o, v) => write(o, (double?)v));

    /// <summary>An integer parameter (a <see cref="long"/> in the defaults; groups hold every number as a double).</summary>
    public OptionField<T> Integer(string key, Func<T, long> read, Func<T, long, T> write, ArgumentRule? rule = null) =>
        new(new ArgumentSpec(key, ArgumentKind.Integer) { Rule = rule }, o => read(o), (o, v) => write(o, (long)v!));

    /// <summary>An integer parameter that may be None.</summary>
    public OptionField<T> OptionalInteger(string key, Func<T, long?> read, Func<T, long?, T> write, ArgumentRule? rule = null) =>
        new(new ArgumentSpec(key, ArgumentKind.Integer) { Rule = rule, Nullable = true }, o => read(o), (o, v) => write(o, (long?)v));

    /// <summary>A flag parameter.</summary>
    public OptionField<T> Flag(string key, Func<T, bool> read, Func<T, bool, T> write) =>
        new(new ArgumentSpec(key, ArgumentKind.Flag), o => read(o), (o, v) => write(o, (bool)v!));

    /// <summary>A flag parameter that may be None (upstream's "decide from the dtype" default).</summary>
    public OptionField<T> OptionalFlag(string key, Func<T, bool?> read, Func<T, bool?, T> write) =>
        new(new ArgumentSpec(key, ArgumentKind.Flag) { Nullable = true }, o => read(o), (o, v) => write(o, (bool?)v));

    /// <summary>A text parameter.</summary>
    public OptionField<T> Text(string key, Func<T, string> read, Func<T, string, T> write, ArgumentRule? rule = null) =>
        new(new ArgumentSpec(key, ArgumentKind.Text) { Rule = rule }, o => read(o), (o, v) => write(o, (string)v!));

    /// <summary>A text parameter that may be None.</summary>
    public OptionField<T> OptionalText(string key, Func<T, string?> read, Func<T, string?, T> write, ArgumentRule? rule = null) =>
        new(new ArgumentSpec(key, ArgumentKind.Text) { Rule = rule, Nullable = true }, o => read(o), (o, v) => write(o, (string?)v));

    /// <summary>A pair parameter such as <c>betas</c>, read and written as two properties.</summary>
    public OptionField<T> Pair(string key, Func<T, (double First, double Second)> read, Func<T, (double First, double Second), T> write, ArgumentRule? rule = null) =>
        new(new ArgumentSpec(key, ArgumentKind.Pair) { Rule = rule }, o => PairArray(read(o)),
            (o, v) => v is double[] and [var a, var b] ? write(o, (a, b)) : o);

    /// <summary>
    /// The fields of a base record's schema, for a derived record that adds its own: the base's <c>with</c> writes keep
    /// the derived type (a record's copy is virtual), so a family declares its shared parameters once.
    /// </summary>
    public IEnumerable<OptionField<T>> Inherit<TBase>(OptionsSchema<TBase> schema) where TBase : class
    {
        ArgumentNullException.ThrowIfNull(schema);
        if (!typeof(TBase).IsAssignableFrom(typeof(T)))
            throw new ArgumentException($"{typeof(T).Name} does not derive from {typeof(TBase).Name}", nameof(schema));
        return schema.Fields.Select(f => new OptionField<T>(f.Spec, o => f.Read((TBase)(object)o),
            f.Write is null ? null : (o, v) => (T)(object)f.Write((TBase)(object)o, v)));
    }

    private static double[] PairArray((double First, double Second) pair) => [pair.First, pair.Second];

    /// <summary>Internal bookkeeping written to the defaults (PyTorch's <c>foreach</c>, <c>capturable</c>, ...) and never accepted as an argument.</summary>
    public OptionField<T> Internal(string key, Func<T, object?> read) =>
        new(new ArgumentSpec(key, ArgumentKind.Any) { Role = ArgumentRole.Internal, Nullable = true }, read, null);
}
