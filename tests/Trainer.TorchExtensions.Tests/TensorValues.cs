namespace Training.TorchExtensions.Tests;

/// <summary>Reads a tensor's elements into managed arrays for assertions (TorchSharp reads through <c>data&lt;T&gt;()</c>).</summary>
internal static class TensorValues
{
    /// <summary>The elements in row-major order, whatever the tensor's layout.</summary>
    /// <remarks>TorchSharp 0.107's accessor throws ArgumentOutOfRangeException on empty tensors of rank 2 or more.</remarks>
    public static T[] ToArray<T>(this Tensor tensor) where T : unmanaged => tensor.numel() == 0 ? [] : tensor.data<T>().ToArray();

    /// <summary>The raw little-endian bytes of the elements in row-major order, whatever the tensor's layout.</summary>
    public static byte[] ToBytes(this Tensor tensor)
    {
        var bytes = new byte[tensor.numel() * tensor.element_size()];
        TensorMemory.CopyBytesTo(tensor, bytes);
        return bytes;
    }
}
