namespace Training.TorchExtensions;

/// <summary>
/// Which tensors the managed CPU kernels can write directly: float32, dense, contiguous, on the CPU, all of one
/// parameter's tensors with the same element count. Anything else takes the optimizer's tensor-op path.
/// </summary>
internal static class DenseCpuFloat
{
    /// <summary>
    /// The address of element 0 of each tensor in <paramref name="tensors"/> (0 for a null entry: a state tensor the
    /// configuration does not use), or false when any present tensor does not qualify.
    /// </summary>
    public static bool TryGetAddresses(ReadOnlySpan<Tensor?> tensors, Span<nint> addresses, out long length)
    {
        length = tensors[0]!.numel();
        for (var i = 0; i < tensors.Length; i++)
        {
            var tensor = tensors[i];
            if (tensor is null)
            {
                addresses[i] = 0;
                continue;
            }

            if (!Qualifies(tensor, length)) return false;
            addresses[i] = TensorMemory.DataPointer(tensor);
        }

        return true;
    }

    private static bool Qualifies(Tensor tensor, long length) =>
        tensor.dtype == ScalarType.Float32 && tensor.device_type == DeviceType.CPU && !tensor.is_sparse &&
        tensor.numel() == length && tensor.is_contiguous();
}
