using System.Collections;
using Training.Optim;

namespace Training.Schedulers;

/// <summary>
/// Shapes of plain-tree values (see <see cref="CerebrasConfigTree"/>) that the configuration helpers look at before
/// anything is bound: lists, Python truthiness, and whether a value is a number or a list of integers — decided
/// by <see cref="ArgumentCoercion"/>, the one conversion table, so a configuration string means here what it means
/// to the binder.
/// </summary>
internal static class ConfigValues
{
    private static readonly ArgumentSpec AnyNumber = new("value", ArgumentKind.Number);
    private static readonly ArgumentSpec AnyIntegers = new("value", ArgumentKind.Integers);

    /// <summary>The number <paramref name="value"/> stands for (a number, or its text), or null.</summary>
    public static double? Number(object? value) =>
        ArgumentCoercion.TryCoerce(AnyNumber, value, out var number, out _) ? (double?)number : null;

    /// <summary>The integers <paramref name="value"/> stands for (a list, its text, or one integer), or null.</summary>
    public static IReadOnlyList<long>? Integers(object? value) =>
        ArgumentCoercion.TryCoerce(AnyIntegers, value, out var integers, out _) ? (long[]?)integers : null;

    /// <summary>A list value; a scalar counts as a list of one (configuration cannot tell them apart for one element).</summary>
    public static IReadOnlyList<object?>? AsList(object? value) => value switch
    {
        null => null,
        string or IDictionary<string, object?> => [value],
        IEnumerable e => e.Cast<object?>().ToList(),
        _ => [value],
    };

    /// <summary>Python truthiness of a configuration value (null, false, 0, "", empty collections are false).</summary>
    public static bool IsTruthy(object? value) => value switch
    {
        null => false,
        bool b => b,
        string s => s.Length > 0,
        double d => d != 0,
        long l => l != 0,
        ICollection c => c.Count > 0,
        _ => true,
    };
}
