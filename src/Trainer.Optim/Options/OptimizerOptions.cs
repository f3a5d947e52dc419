namespace Training.Optim;

/// <summary>
/// Typed defaults of an optimizer. Properties bind from configuration (<c>"LearningRate": 3e-4</c>);
/// <see cref="ToDefaults"/> turns them into PyTorch's group keys, and <see cref="ValidateGroup"/> is the
/// single validation path for both these defaults and every parameter group's merged values.
/// </summary>
public abstract record OptimizerOptions
{
    /// <summary>The defaults under PyTorch's keys, in PyTorch's order.</summary>
    public abstract IReadOnlyDictionary<string, object?> ToDefaults();

    /// <summary>Checks a group's hyperparameters; throws <see cref="ArgumentOutOfRangeException"/> naming the bad key and value.</summary>
    public abstract void ValidateGroup(ParamGroup group);

    /// <summary>Validates these defaults (used at construction and by DI's ValidateOnStart).</summary>
    public void Validate() => ValidateGroup(new ParamGroup([], ToDefaults()));
}
