using System.Runtime.InteropServices;

namespace Training.TorchExtensions;

/// <summary>
/// Raw access to a tensor's memory, which TorchSharp exposes only as a span over contiguous CPU tensors. Serialization
/// needs the address of a view's first element (to find views that share a storage) and a copy of any tensor's
/// elements in row-major order; fused kernels need the address of contiguous CPU tensors.
/// </summary>
public static class TensorMemory
{
    /// <summary>The address of the tensor's first element (its storage's address plus the storage offset).</summary>
    public static nint DataPointer(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var pointer = NativeMethods.THSTensor_data(tensor.Handle);
        GC.KeepAlive(tensor);
        if (pointer == 0 && tensor.numel() > 0) throw new InvalidOperationException("libtorch returned no data pointer for the tensor");
        return pointer;
    }

    /// <summary>The address of the tensor's storage: where element 0 of the storage lives.</summary>
    public static nint StorageAddress(Tensor tensor) => DataPointer(tensor) - (nint)(tensor.storage_offset() * tensor.element_size());

    /// <summary>Copies the tensor's elements in row-major order into <paramref name="destination"/> (any device, any layout).</summary>
    public static void CopyBytesTo(Tensor tensor, Span<byte> destination)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        using var scope = NewDisposeScope();
        var cpu = tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();
        var contiguous = cpu.is_contiguous() ? cpu : cpu.contiguous();
        contiguous.bytes.CopyTo(destination);
    }

    /// <summary>Overwrites a contiguous CPU tensor's elements with <paramref name="source"/> (row-major, exactly its size).</summary>
    public static Tensor CopyBytesFrom(Tensor tensor, ReadOnlySpan<byte> source)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var target = tensor.bytes;
        if (target.Length != source.Length)
            throw new ArgumentException($"{source.Length} bytes do not fill a tensor of {target.Length} bytes", nameof(source));
        source.CopyTo(target);
        return tensor;
    }

    private static class NativeMethods
    {
        // TorchSharp's own native library, already loaded by TorchSharp before any tensor exists.
        [DllImport("LibTorchSharp")]
        internal static extern nint THSTensor_data(nint handle);
    }
}
