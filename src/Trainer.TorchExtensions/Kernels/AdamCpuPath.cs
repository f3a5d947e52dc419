namespace Training.TorchExtensions;

/// <summary>
/// Which parameters the managed CPU kernel takes (float32, dense, contiguous, on the CPU, all five tensors alike) and
/// how their elements are split over cores: chunks of <see cref="ChunkElements"/> across every parameter of the call,
/// so many small tensors share the threads as well as one big one.
/// </summary>
internal static class AdamCpuPath
{
    /// <summary>Elements per work item: 64K floats are 256 KiB per tensor, 1.25 MiB for all five (fits L2).</summary>
    public const long ChunkElements = 1L << 16;

    /// <summary>The kernel's view of <paramref name="t"/>, or false when it must take the tensor-op path.</summary>
    public static bool TryGetSpan(in Fused.AdamTensors t, bool amsgrad, in AdamCoefficients coefficients, out AdamSpan span)
    {
        span = default;
        var length = t.Parameter.numel();
        if (!IsDenseCpuFloat(t.Parameter, length) || !IsDenseCpuFloat(t.Gradient, length) ||
            !IsDenseCpuFloat(t.ExpAvg, length) || !IsDenseCpuFloat(t.ExpAvgSq, length) ||
            (amsgrad && !IsDenseCpuFloat(t.MaxExpAvgSq!, length)))
            return false;

        span = new AdamSpan(TensorMemory.DataPointer(t.Parameter), TensorMemory.DataPointer(t.Gradient),
            TensorMemory.DataPointer(t.ExpAvg), TensorMemory.DataPointer(t.ExpAvgSq),
            amsgrad ? TensorMemory.DataPointer(t.MaxExpAvgSq!) : 0, length, coefficients);
        return true;
    }

    /// <summary>Runs the kernel over every span: on the calling thread when they are small, else in parallel chunks.</summary>
    public static void Run(IReadOnlyList<AdamSpan> spans)
    {
        var chunks = new List<(int Span, long Start, long Count)>();
        for (var s = 0; s < spans.Count; s++)
        {
            for (var start = 0L; start < spans[s].Length; start += ChunkElements)
                chunks.Add((s, start, Math.Min(ChunkElements, spans[s].Length - start)));
        }

        // Handing one or two chunks to the thread pool costs more than it saves.
        if (chunks.Count <= 2)
        {
            foreach (var (span, start, count) in chunks) AdamCpuKernel.Run(spans[span], start, count);
            return;
        }

        // Honour the user's intra-op thread setting (torch.set_num_threads), as libtorch's own kernels do.
        var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
        Parallel.For(0, chunks.Count, options, i =>
        {
            var (span, start, count) = chunks[i];
            AdamCpuKernel.Run(spans[span], start, count);
        });
    }

    private static bool IsDenseCpuFloat(Tensor tensor, long length) =>
        tensor.dtype == ScalarType.Float32 && tensor.device_type == DeviceType.CPU && !tensor.is_sparse &&
        tensor.numel() == length && tensor.is_contiguous();
}
