namespace Training.Optim;

/// <summary>
/// One parameter of a typed options record: its declaration (key, kind, rule, role) and how to read it from the
/// record and write a bound value back (<c>o with { ... }</c>). The default is the record's own property value, so
/// it is written once, in the property initializer.
/// </summary>
/// <typeparam name="T">The options record.</typeparam>
public sealed class OptionField<T> where T : class
{
    internal OptionField(ArgumentSpec spec, Func<T, object?> read, Func<T, object?, T>? write)
    {
        Spec = spec;
        Read = read;
        Write = write;
    }

    /// <summary>The declaration (its <see cref="ArgumentSpec.Default"/> is unused: the record holds the value).</summary>
    public ArgumentSpec Spec { get; }

    /// <summary>Reads the value in the upstream form (<c>betas</c> as <c>double[2]</c>, integers as <see cref="long"/>).</summary>
    public Func<T, object?> Read { get; }

    /// <summary>Writes a bound value; null for internal bookkeeping, which is never set from arguments.</summary>
    public Func<T, object?, T>? Write { get; }
}
