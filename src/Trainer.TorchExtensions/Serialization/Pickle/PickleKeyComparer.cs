using System.Numerics;

namespace Training.TorchExtensions;

/// <summary>
/// Compares dictionary keys of loaded pickles with Python semantics where .NET's differ: integers are
/// equal across CLR types (a key loaded as <c>long</c> 0 is found with <c>int</c> 0) and tuples
/// (<c>object?[]</c>) compare by their items rather than by reference.
/// </summary>
public sealed class PickleKeyComparer : IEqualityComparer<object>
{
    /// <summary>The shared instance.</summary>
    public static PickleKeyComparer Instance { get; } = new();

    private PickleKeyComparer()
    {
    }

    /// <inheritdoc/>
    public new bool Equals(object? x, object? y)
    {
        if (ReferenceEquals(x, y)) return true;
        if (x is null || y is null) return false;
        if (AsInteger(x) is { } a && AsInteger(y) is { } b) return a == b;
        if (x is object?[] left && y is object?[] right)
        {
            if (left.Length != right.Length) return false;
            for (var i = 0; i < left.Length; i++)
            {
                if (!Equals(left[i], right[i])) return false;
            }

            return true;
        }

        return x.Equals(y);
    }

    /// <inheritdoc/>
    public int GetHashCode(object obj)
    {
        ArgumentNullException.ThrowIfNull(obj);
        if (AsInteger(obj) is { } integer) return integer.GetHashCode();
        if (obj is object?[] tuple)
        {
            var hash = new HashCode();
            foreach (var item in tuple) hash.Add(item is null ? 0 : GetHashCode(item));
            return hash.ToHashCode();
        }

        return obj.GetHashCode();
    }

    private static BigInteger? AsInteger(object value) => value switch
    {
        long v => v,
        int v => v,
        short v => v,
        sbyte v => v,
        byte v => v,
        ushort v => v,
        uint v => v,
        ulong v => v,
        BigInteger v => v,
        _ => null,
    };
}
