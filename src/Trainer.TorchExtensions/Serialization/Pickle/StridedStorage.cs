namespace Training.TorchExtensions;

/// <summary>A storage read from a torch.save archive: raw little-endian elements of one dtype.</summary>
internal sealed record LoadedStorage(string Key, ScalarType DType, long Numel, byte[] Bytes);

/// <summary>
/// Builds a tensor from a storage, an offset and strides (PyTorch's <c>as_strided</c>) in managed code:
/// the binding has no strided view over foreign memory, so the viewed elements are gathered into a new
/// contiguous tensor. Views of one storage therefore load as independent tensors with equal values.
/// </summary>
internal static class StridedStorage
{
    /// <summary>Validates the geometry against the storage and returns the new tensor; <paramref name="fail"/> builds errors.</summary>
    public static Tensor ToTensor(LoadedStorage storage, long offset, long[] size, long[] stride, Func<string, Exception> fail)
    {
        if (size.Length != stride.Length) throw fail($"a tensor has {size.Length} sizes but {stride.Length} strides");
        if (offset < 0 || size.Any(s => s < 0) || stride.Any(s => s < 0)) throw fail("a tensor has a negative offset, size or stride");
        long numel = 1, last = offset;
        try
        {
            for (var i = 0; i < size.Length; i++)
            {
                numel = checked(numel * size[i]);
                if (size[i] > 0) last = checked(last + ((size[i] - 1) * stride[i]));
            }
        }
        catch (OverflowException)
        {
            throw fail($"a tensor of size [{string.Join(", ", size)}] overflows 64 bits");
        }

        if (numel > 0 && last >= storage.Numel)
            throw fail($"a tensor of size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}] at offset {offset} reads element {last} of storage '{storage.Key}', which has {storage.Numel}");
        return TensorBytes.Create(size, storage.DType, Gather(storage.Bytes, storage.DType.ElementSize(), offset, size, stride, numel));
    }

    /// <summary>The viewed elements in row-major order; runs along a unit-stride last dimension are copied at once.</summary>
    private static byte[] Gather(byte[] storage, int elementSize, long offset, long[] size, long[] stride, long numel)
    {
        var result = new byte[checked(numel * elementSize)];
        if (numel == 0) return result;
        var rank = size.Length;
        var run = rank > 0 && stride[rank - 1] == 1 ? size[rank - 1] : 1;
        var outer = rank > 0 && run > 1 ? rank - 1 : rank;
        var runBytes = (int)(run * elementSize);
        var index = new long[rank];
        var source = offset;
        for (long written = 0; written < result.Length; written += runBytes)
        {
            storage.AsSpan((int)(source * elementSize), runBytes).CopyTo(result.AsSpan((int)written, runBytes));
            for (var d = outer - 1; d >= 0; d--)
            {
                source += stride[d];
                if (++index[d] < size[d]) break;
                source -= stride[d] * size[d];
                index[d] = 0;
            }
        }

        return result;
    }
}
