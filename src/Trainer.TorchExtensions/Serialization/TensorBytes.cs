using System.Buffers;

namespace Training.TorchExtensions;

/// <summary>Copies a tensor's row-major bytes through a pooled buffer, so saving large tensors does not churn the GC.</summary>
internal static class TensorBytes
{
    /// <summary>
    /// Refuses a disposed tensor up front, before anything is written: TorchSharp would fail later with an
    /// InvalidOperationException ("empty handle") that does not say which value was disposed.
    /// </summary>
    public static void ThrowIfDisposed(Tensor tensor, string what)
    {
        if (tensor.IsInvalid) throw new ObjectDisposedException(what, $"{what} is a disposed tensor");
    }

    /// <summary>The number of bytes of the tensor's logical elements.</summary>
    public static long ByteCount(Tensor tensor) => checked(tensor.numel() * tensor.element_size());

    /// <summary>Hands the tensor's bytes to <paramref name="use"/>; the span is only valid during the call.</summary>
    public static void With(Tensor tensor, Action<ReadOnlyMemory<byte>> use)
    {
        var count = ByteCount(tensor);
        if (count > Array.MaxLength)
            throw new NotSupportedException($"a tensor of {count} bytes is larger than the largest managed buffer ({Array.MaxLength} bytes)");
        var buffer = ArrayPool<byte>.Shared.Rent((int)count);
        try
        {
            var memory = buffer.AsMemory(0, (int)count);
            TensorMemory.CopyBytesTo(tensor, memory.Span);
            use(memory);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>A new tensor of <paramref name="shape"/> and <paramref name="dtype"/> holding a copy of <paramref name="bytes"/>.</summary>
    public static Tensor Create(long[] shape, ScalarType dtype, ReadOnlySpan<byte> bytes)
    {
        var tensor = torch.empty(shape, dtype);
        try
        {
            return TensorMemory.CopyBytesFrom(tensor, bytes);
        }
        catch
        {
            tensor.Dispose();
            throw;
        }
    }
}
