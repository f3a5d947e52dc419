using System.Collections;
using System.Runtime.CompilerServices;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// A PyTorch "float or list" argument (<c>max_lr</c>, <c>base_momentum</c>, <c>min_lr</c>, ...): one value for
/// every parameter group, or one value per group. Converts implicitly from a <see cref="double"/> or a
/// <see cref="double"/> array, and a collection expression builds a per-group list, so calls read like the
/// Python: <c>max_lr: 0.1</c> or <c>max_lr: [0.1, 0.05]</c>.
/// </summary>
[CollectionBuilder(typeof(GroupValues), nameof(Create))]
public sealed class GroupValues : IEnumerable<double>
{
    private readonly double[] values;

    private GroupValues(double[] values, bool perGroup)
    {
        this.values = values;
        IsPerGroup = perGroup;
    }

    /// <summary>True for a list (one value per group), false for a single value.</summary>
    public bool IsPerGroup { get; }

    /// <summary>The given values (one element for a single value).</summary>
    public IReadOnlyList<double> Values => values;

    /// <summary>The same value for every group.</summary>
    public static GroupValues Scalar(double value) => new([value], perGroup: false);

    /// <summary>One value per group, in group order.</summary>
    public static GroupValues PerGroup(IEnumerable<double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        return new(values.ToArray(), perGroup: true);
    }

    /// <summary>One value per group, from a collection expression (<c>[0.1, 0.05]</c>).</summary>
    public static GroupValues Create(ReadOnlySpan<double> values) => new(values.ToArray(), perGroup: true);

    /// <summary>The same value for every group.</summary>
    public static implicit operator GroupValues(double value) => Scalar(value);

    /// <summary>One value per group.</summary>
    public static implicit operator GroupValues(double[] values) => PerGroup(values);

    /// <summary>Alternative to the implicit conversion from <see cref="double"/>.</summary>
    public static GroupValues FromDouble(double value) => Scalar(value);

    /// <summary>Alternative to the implicit conversion from a <see cref="double"/> array.</summary>
    public static GroupValues FromDoubleArray(double[] values) => PerGroup(values);

    /// <summary>
    /// One value per parameter group of <paramref name="optimizer"/> (PyTorch's <c>_format_param</c>); a list of
    /// the wrong length fails with PyTorch's message "expected {groups} values for {name}, got {count}".
    /// </summary>
    /// <param name="optimizer">The optimizer whose groups are counted.</param>
    /// <param name="argument">The argument name the error names.</param>
    public IReadOnlyList<double> For(Optimizer optimizer, string argument)
    {
        ArgumentNullException.ThrowIfNull(optimizer);
        return Expand(optimizer.ParamGroups.Count, $"values for {argument}", argument);
    }

    /// <summary>
    /// One value per group: the scalar repeated, or the list when it has <paramref name="groups"/> entries (else
    /// "expected N {what}, got M", PyTorch's wording, with <paramref name="argument"/> as the parameter name).
    /// </summary>
    public IReadOnlyList<double> Expand(int groups, string what, string? argument = null)
    {
        if (!IsPerGroup) return Enumerable.Repeat(values[0], groups).ToArray();
        if (values.Length != groups)
            throw new ArgumentException($"expected {groups} {what}, got {values.Length}", argument ?? what);
        return values;
    }

    /// <summary>Enumerates the given values (one for a single value).</summary>
    public IEnumerator<double> GetEnumerator() => ((IEnumerable<double>)values).GetEnumerator();

    IEnumerator IEnumerable.GetEnumerator() => GetEnumerator();

    /// <inheritdoc/>
    public override string ToString() => IsPerGroup ? $"[{string.Join(", ", values)}]" : values[0].ToString(System.Globalization.CultureInfo.InvariantCulture);
}
