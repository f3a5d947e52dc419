namespace Training.TorchExtensions;

/// <summary>
/// The value of a one-element tensor as a .NET number, whatever its dtype: what TorchSharp's <c>ToDouble()</c>,
/// <c>ToSingle()</c>, <c>ToInt64()</c> and <c>ToBoolean()</c> do, without their race.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 writes those as <c>value.ToScalar().ToDouble()</c>: the temporary Scalar is unreachable once its
/// handle is read, so a garbage collection on another thread can finalize it while libtorch converts it, and the
/// conversion's error escapes native code as <c>std::terminate</c> (the whole process ends; seen in a test that collects
/// on one thread while another reads values). Here the Scalar is held until the read returns. Rule TRN0002 refuses the
/// TorchSharp methods.
/// </remarks>
public static class TensorValue
{
    /// <summary>The tensor's one value as a double (any dtype, as <c>Tensor.item()</c> in PyTorch).</summary>
    public static double ReadDouble(this Tensor tensor) => Read(tensor, static scalar => scalar.ToDouble());

    /// <summary>The tensor's one value as a float.</summary>
    public static float ReadSingle(this Tensor tensor) => Read(tensor, static scalar => scalar.ToSingle());

    /// <summary>The tensor's one value as a long.</summary>
    public static long ReadInt64(this Tensor tensor) => Read(tensor, static scalar => scalar.ToInt64());

    /// <summary>The tensor's one value as a bool.</summary>
    public static bool ReadBoolean(this Tensor tensor) => Read(tensor, static scalar => scalar.ToBoolean());

    // The Scalar is a using variable, so it stays reachable until the conversion has returned.
    private static T Read<T>(Tensor tensor, Func<Scalar, T> convert)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scalar = tensor.ToScalar();
        return convert(scalar);
    }
}
