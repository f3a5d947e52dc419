namespace Training.TorchExtensions;

/// <summary>Tensor elements as a managed array, for any device and layout.</summary>
public static class TensorArrays
{
    /// <summary>
    /// The tensor's elements in row-major order, converted to <typeparamref name="T"/> when the dtype differs (as
    /// PyTorch's <c>tolist()</c> followed by a cast); tensors on another device are copied to the CPU first,
    /// non-contiguous ones are made contiguous. The source is unchanged.
    /// </summary>
    public static T[] ToArray<T>(this Tensor tensor) where T : unmanaged
    {
        ArgumentNullException.ThrowIfNull(tensor);
        // TorchSharp 0.107's accessor throws ArgumentOutOfRangeException on empty tensors of rank 2 or more.
        if (tensor.numel() == 0) return [];
        using var scope = NewDisposeScope();
        var cpu = tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();
        var target = DTypeOf<T>();
        var typed = cpu.dtype == target ? cpu : cpu.to(target);
        var contiguous = typed.is_contiguous() ? typed : typed.contiguous();
        return contiguous.data<T>().ToArray();
    }

    private static ScalarType DTypeOf<T>() where T : unmanaged => default(T) switch
    {
        float => ScalarType.Float32,
        double => ScalarType.Float64,
        long => ScalarType.Int64,
        int => ScalarType.Int32,
        short => ScalarType.Int16,
        sbyte => ScalarType.Int8,
        byte => ScalarType.Byte,
        bool => ScalarType.Bool,
        Half => ScalarType.Float16,
        BFloat16 => ScalarType.BFloat16,
        _ => throw new NotSupportedException($"no tensor dtype holds {typeof(T).Name} elements"),
    };
}
