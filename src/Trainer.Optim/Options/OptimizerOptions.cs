namespace Training.Optim;

/// <summary>
/// Typed defaults of an optimizer. Properties bind from configuration (<c>"LearningRate": 3e-4</c>); each record
/// declares its parameters once in its <see cref="Schema"/> (PyTorch key, kind, rule, role; the default is the
/// property's value), and <see cref="ToDefaults"/>, group validation and the binding of <c>OptimArgs</c> derive from it.
/// </summary>
public abstract record OptimizerOptions
{
    /// <summary>The declared parameters of this record's type (shared by every instance).</summary>
    // A method, not a property: configuration binding, record equality and ToString see only the settings.
    public abstract IOptionsSchema Schema();

    /// <summary>The defaults under PyTorch's keys, in PyTorch's order.</summary>
    public IReadOnlyDictionary<string, object?> ToDefaults() => Schema().Defaults(this);

    /// <summary>
    /// Checks a group's hyperparameters: every declared rule, then <see cref="ValidateCombination"/>. Throws
    /// <see cref="ArgumentOutOfRangeException"/> naming the bad key and value.
    /// </summary>
    public void ValidateGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        Schema().Validate(group);
        ValidateCombination(group);
    }

    /// <summary>Validates these defaults (used at construction and by DI's ValidateOnStart).</summary>
    public void Validate() => ValidateGroup(new ParamGroup([], ToDefaults()));

    /// <summary>The user arguments of this record with its values as defaults, named <paramref name="owner"/> in messages (a registry entry's name).</summary>
    public ArgumentSchema Arguments(string owner) => Schema().Arguments(this).WithOwner(owner);

    /// <summary>
    /// Rules that involve several keys at once (Nesterov needs momentum; Adafactor's manual lr excludes
    /// relative_step): one rule per key is declared in the schema, what is left goes here.
    /// </summary>
    protected virtual void ValidateCombination(ParamGroup group)
    {
    }
}
