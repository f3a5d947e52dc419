namespace Training.Optim;

/// <summary>The untyped view of an <see cref="OptionsSchema{T}"/>, for code that holds an options object of unknown type.</summary>
public interface IOptionsSchema
{
    /// <summary>The owner named in messages.</summary>
    string Owner { get; }

    /// <summary>The declarations (defaults from <paramref name="options"/>).</summary>
    ArgumentSchema Arguments(object options);

    /// <summary>The defaults of <paramref name="options"/> under the upstream keys, in order.</summary>
    IReadOnlyDictionary<string, object?> Defaults(object options);

    /// <summary>Checks a group's merged values against every rule.</summary>
    void Validate(ParamGroup group);

    /// <summary>A copy of <paramref name="options"/> with the given bound arguments written in.</summary>
    object Apply(object options, BoundArguments arguments);
}

/// <summary>
/// The declared parameters of an options record <typeparamref name="T"/>: each once, with its upstream key, kind,
/// rule and role; the default is the record's property value. <c>ToDefaults</c>, group validation and the binding of
/// <c>OptimArgs</c> into a typed record all derive from it.
/// </summary>
/// <typeparam name="T">The options record.</typeparam>
public sealed class OptionsSchema<T> : IOptionsSchema where T : class
{
    private readonly IReadOnlyList<OptionField<T>> fields;
    private readonly ArgumentSchema declarations;

    /// <summary>Declares the fields of <typeparamref name="T"/> for <paramref name="owner"/> (the upstream class name).</summary>
    public OptionsSchema(string owner, Func<OptionFields<T>, IEnumerable<OptionField<T>>> declare)
    {
        ArgumentNullException.ThrowIfNull(declare);
        fields = declare(new OptionFields<T>()).ToList();
        declarations = new ArgumentSchema(owner, fields.Select(f => f.Spec));
    }

    /// <inheritdoc/>
    public string Owner => declarations.Owner;

    /// <summary>The fields, in upstream order.</summary>
    public IReadOnlyList<OptionField<T>> Fields => fields;

    /// <summary>The declarations with <paramref name="options"/>' values as defaults.</summary>
    public ArgumentSchema Arguments(T options) =>
        new(Owner, fields.Select(f => f.Spec with { Default = f.Read(options) }));

    /// <summary>The defaults under the upstream keys, in order.</summary>
    public IReadOnlyDictionary<string, object?> Defaults(T options)
    {
        ArgumentNullException.ThrowIfNull(options);
        return new OrderedDictionary<string, object?>(fields.Select(f => KeyValuePair.Create(f.Spec.Key, f.Read(options))), StringComparer.Ordinal);
    }

    /// <inheritdoc/>
    public void Validate(ParamGroup group) => declarations.Validate(group);

    /// <summary>A copy of <paramref name="options"/> with every given argument written in.</summary>
    public T Apply(T options, BoundArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(arguments);
        foreach (var field in fields)
            if (field.Write is not null && arguments.IsGiven(field.Spec.Key))
                options = field.Write(options, arguments.Value(field.Spec.Key));
        return options;
    }

    /// <summary>Binds raw arguments (text or configuration values) and writes them into a copy of <paramref name="options"/>.</summary>
    public T Bind(T options, IReadOnlyDictionary<string, object?>? raw, string path) => Apply(options, Arguments(options).Bind(raw, path));

    ArgumentSchema IOptionsSchema.Arguments(object options) => Arguments((T)options);

    IReadOnlyDictionary<string, object?> IOptionsSchema.Defaults(object options) => Defaults((T)options);

    object IOptionsSchema.Apply(object options, BoundArguments arguments) => Apply((T)options, arguments);
}
