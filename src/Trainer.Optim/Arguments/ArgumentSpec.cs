namespace Training.Optim;

/// <summary>
/// One declared parameter: its upstream key (PyTorch's / Transformers' spelling), its kind, its default, its rule and
/// its role. A schema is a list of these; defaults, validation and binding all derive from it.
/// </summary>
/// <param name="Key">The upstream key, e.g. <c>weight_decay</c>.</param>
/// <param name="Kind">How raw values are converted.</param>
public sealed record ArgumentSpec(string Key, ArgumentKind Kind)
{
    /// <summary>The value when the argument is not given (already of <see cref="Kind"/>, or null).</summary>
    public object? Default { get; init; }

    /// <summary>True when the argument has no default and must be given.</summary>
    public bool Required { get; init; }

    /// <summary>True when <c>None</c>/<c>null</c> is a valid value (Python's <c>Optional</c>).</summary>
    public bool Nullable { get; init; }

    /// <summary>The check on a non-null value, or null for none.</summary>
    public ArgumentRule? Rule { get; init; }

    /// <summary>User argument or internal bookkeeping.</summary>
    public ArgumentRole Role { get; init; } = ArgumentRole.User;
}
