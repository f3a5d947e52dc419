namespace Training.Schedulers;

/// <summary>
/// A bound given either once for every parameter group or once per group (Python's <c>float | list[float]</c>,
/// as in <c>min_lr</c> of ReduceLROnPlateau and GreedyLR). A list must have exactly one value per group; a
/// single value is repeated.
/// </summary>
public readonly record struct PerGroupValue
{
    private PerGroupValue(double scalar, IReadOnlyList<double>? values)
    {
        Scalar = scalar;
        Values = values;
    }

    /// <summary>The value for every group (meaningful when <see cref="Values"/> is null).</summary>
    public double Scalar { get; }

    /// <summary>One value per group, or null when a single value was given.</summary>
    public IReadOnlyList<double>? Values { get; }

    /// <summary>The same value for every group.</summary>
    public static PerGroupValue Of(double value) => new(value, null);

    /// <summary>One value per group.</summary>
    public static PerGroupValue PerGroup(IReadOnlyList<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(double.NaN, values.ToArray());
    }

    /// <summary>The same value for every group.</summary>
    public static implicit operator PerGroupValue(double value) => Of(value);

    /// <summary>One value per group.</summary>
    public static implicit operator PerGroupValue(double[] values) => PerGroup(values);

    /// <summary>
    /// One value per group. A list whose length differs from <paramref name="groups"/> fails with the upstream
    /// message ("expected 2 min_lrs, got 1"); <paramref name="pluralName"/> is the name used there.
    /// </summary>
    public IReadOnlyList<double> Expand(int groups, string pluralName)
    {
        if (Values is null) return Enumerable.Repeat(Scalar, groups).ToArray();
        if (Values.Count != groups) throw new ArgumentException($"expected {groups} {pluralName}, got {Values.Count}", pluralName);
        return Values.ToArray();
    }

    /// <inheritdoc/>
    public override string ToString() => Values is null ? Scalar.ToString(System.Globalization.CultureInfo.InvariantCulture) : $"[{string.Join(", ", Values)}]";
}
