using Training.Torch.Native;

namespace Training.Torch;

/// <summary>
/// A number passed to a tensor operation. Unlike TorchSharp's, it is a plain value (no native object,
/// nothing to dispose); it remembers whether it is integral, so <c>x.add(1)</c> keeps an int64 tensor int64.
/// </summary>
public readonly struct Scalar
{
    internal readonly NativeScalar Value;

    private Scalar(NativeScalar value) => Value = value;

    /// <summary>True when the value is an integer (or boolean).</summary>
    public bool IsIntegral => Value.Kind != 0;

    /// <summary>The value as a double.</summary>
    public double ToDouble() => Value.Kind == 0 ? Value.Real : Value.Integer;

    /// <summary>The value as a long (floating values are truncated).</summary>
    public long ToInt64() => Value.Kind == 0 ? (long)Value.Real : Value.Integer;

    /// <summary>A floating-point scalar.</summary>
    public static implicit operator Scalar(double value) => new(new NativeScalar(value, 0, 0));

    /// <summary>A floating-point scalar.</summary>
    public static implicit operator Scalar(float value) => new(new NativeScalar(value, 0, 0));

    /// <summary>A floating-point scalar.</summary>
    public static implicit operator Scalar(Half value) => new(new NativeScalar((double)value, 0, 0));

    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(long value) => new(new NativeScalar(value, value, 1));

    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(int value) => new(new NativeScalar(value, value, 1));

    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(short value) => new(new NativeScalar(value, value, 1));

    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(byte value) => new(new NativeScalar(value, value, 1));

    /// <summary>An integral scalar.</summary>
    public static implicit operator Scalar(sbyte value) => new(new NativeScalar(value, value, 1));

    /// <summary>A boolean scalar.</summary>
    public static implicit operator Scalar(bool value) => new(new NativeScalar(value ? 1 : 0, value ? 1 : 0, 2));

    /// <inheritdoc/>
    public override string ToString() => Value.Kind switch
    {
        0 => Value.Real.ToString(System.Globalization.CultureInfo.InvariantCulture),
        2 => Value.Integer != 0 ? "True" : "False",
        _ => Value.Integer.ToString(System.Globalization.CultureInfo.InvariantCulture),
    };
}
