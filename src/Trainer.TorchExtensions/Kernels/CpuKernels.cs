using System.Buffers;
using System.Runtime.Intrinsics;

namespace Training.TorchExtensions;

/// <summary>
/// Runs element-wise kernels over many parameters: the elements of all of them are cut into chunks of
/// <see cref="ChunkElements"/>, so a 38M-element embedding and a 768-element bias share the cores by work, not by
/// tensor; each chunk runs with the widest hardware vectors and a scalar tail.
/// </summary>
internal static class CpuKernels
{
    /// <summary>
    /// Elements per work item: 64K floats are 256 KiB per tensor (1.25 MiB for Adam's five), small enough to balance
    /// two threads over one big tensor, large enough that scheduling is noise.
    /// </summary>
    public const long ChunkElements = 1L << 16;

    /// <summary>The widest vector this CPU runs in hardware: 512, 256, or 0 (scalar only).</summary>
    public static int PreferredVectorBits { get; } =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 0;

    /// <summary>Updates elements [start, start + count) of <paramref name="kernel"/> with the widest hardware vectors.</summary>
    public static void RunRange<TKernel>(TKernel kernel, long start, long count) where TKernel : struct, ICpuKernel =>
        RunRange(kernel, start, count, PreferredVectorBits);

    /// <summary>
    /// Updates elements [start, start + count) with <paramref name="vectorBits"/>-bit vectors (512, 256, or 0 for
    /// scalar code) and scalar code for the tail; tests pick each width to cover the paths this CPU would not take.
    /// </summary>
    public static void RunRange<TKernel>(TKernel kernel, long start, long count, int vectorBits) where TKernel : struct, ICpuKernel
    {
        var done = vectorBits switch
        {
            512 => kernel.Update<Vector512<float>, Lanes512>(start, count),
            256 => kernel.Update<Vector256<float>, Lanes256>(start, count),
            _ => 0,
        };
        if (done < count) kernel.Update<float, ScalarLane>(start + done, count - done);
    }

    /// <summary>Runs the first <paramref name="count"/> kernels: on the calling thread when small, else in parallel chunks.</summary>
    public static void Run<TKernel>(TKernel[] kernels, int count) where TKernel : struct, ICpuKernel
    {
        var chunkCount = 0;
        for (var k = 0; k < count; k++) chunkCount += (int)((kernels[k].Length + ChunkElements - 1) / ChunkElements);

        // Handing one or two chunks to the thread pool costs more than it saves.
        if (chunkCount <= 2)
        {
            for (var k = 0; k < count; k++) RunRange(kernels[k], 0, kernels[k].Length);
            return;
        }

        // The chunk list is rented: a step allocates only the delegate and Parallel.For's own bookkeeping.
        var chunks = ArrayPool<Chunk>.Shared.Rent(chunkCount);
        try
        {
            var c = 0;
            for (var k = 0; k < count; k++)
            {
                for (var start = 0L; start < kernels[k].Length; start += ChunkElements)
                    chunks[c++] = new Chunk(k, start, Math.Min(ChunkElements, kernels[k].Length - start));
            }

            // Honour the user's intra-op thread setting (torch.set_num_threads), as libtorch's own kernels do.
            var options = new ParallelOptions { MaxDegreeOfParallelism = Math.Max(1, torch.get_num_threads()) };
            Parallel.For(0, chunkCount, options, i =>
            {
                var chunk = chunks[i];
                RunRange(kernels[chunk.Kernel], chunk.Start, chunk.Count);
            });
        }
        finally
        {
            ArrayPool<Chunk>.Shared.Return(chunks);
        }
    }

    private readonly record struct Chunk(int Kernel, long Start, long Count);
}
