namespace Training.TorchExtensions;

/// <summary>
/// A storage read from a torch.save archive: <paramref name="Data"/> is a 1-D CPU tensor of <paramref name="Numel"/>
/// elements holding exactly the storage's bytes. The loader owns it and disposes it when the load ends; the tensors
/// built on it keep the native storage alive.
/// </summary>
internal sealed record LoadedStorage(string Key, ScalarType DType, long Numel, Tensor Data);

/// <summary>
/// Builds a tensor from a storage, an offset and strides, as PyTorch's <c>_rebuild_tensor_v2</c> does with
/// <c>Tensor.set_</c>: the result is a view of the storage tensor (<c>as_strided</c>), detached so it is a leaf of its
/// own rather than an autograd view of the storage. Tensors saved as views of one storage therefore load as tensors
/// sharing one storage, with their strides and offsets, and writing through one is seen by the others.
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

        // Checked here (libtorch checks too) so the error names the file, the storage and the element.
        if (numel > 0 && last >= storage.Numel)
            throw fail($"a tensor of size [{string.Join(", ", size)}], stride [{string.Join(", ", stride)}] at offset {offset} reads element {last} of storage '{storage.Key}', which has {storage.Numel}");
        // An empty tensor reads nothing, so its offset may lie anywhere; libtorch wants it inside the storage.
        using var view = storage.Data.as_strided(size, stride, numel == 0 ? 0 : offset);
        return view.detach();
    }
}
