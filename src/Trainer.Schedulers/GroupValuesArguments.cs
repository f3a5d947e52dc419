using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Reads a bound <see cref="ArgumentKind.NumberOrNumbers"/> argument (Python's <c>float | list[float]</c>) as
/// <see cref="GroupValues"/>: a number is the same value for every group, a list one value per group.
/// </summary>
public static class GroupValuesArguments
{
    /// <summary>The argument <paramref name="key"/> as group values.</summary>
    public static GroupValues Groups(this BoundArguments arguments, string key) =>
        OptionalGroups(arguments, key) ?? throw new InvalidOperationException($"{arguments.Owner} argument '{key}' is None, not a number or a list");

    /// <summary>The argument <paramref name="key"/> as group values, or null when it is None.</summary>
    public static GroupValues? OptionalGroups(this BoundArguments arguments, string key)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        return arguments.Value(key) switch
        {
            null => null,
            double one => GroupValues.Scalar(one),
            double[] list => GroupValues.PerGroup(list),
            var other => throw new InvalidOperationException($"{arguments.Owner} argument '{key}' is {other}, not a number or a list"),
        };
    }
}
