namespace Training.TorchExtensions.Tests;

/// <summary>Reads a tensor's raw bytes for assertions (elements as arrays: <see cref="TensorArrays.ToArray{T}"/>).</summary>
internal static class TensorValues
{
    /// <summary>The raw little-endian bytes of the elements in row-major order, whatever the tensor's layout.</summary>
    public static byte[] ToBytes(this Tensor tensor)
    {
        var bytes = new byte[tensor.numel() * tensor.element_size()];
        TensorMemory.CopyBytesTo(tensor, bytes);
        return bytes;
    }
}
