using System.Diagnostics;
using System.Runtime.InteropServices;
using System.Runtime.Intrinsics;

namespace Training.Bench;

/// <summary>
/// The machine's memory bandwidth in this run, on all cores: a copy (1 read + 1 write stream) and a STREAM triad
/// a = b + s·c (2 reads + 1 write), over 256 MiB arrays (far beyond the caches). Counted as STREAM does: the bytes the
/// program reads and writes, not the extra read a cache line's write-allocate costs.
/// </summary>
internal static unsafe class Bandwidth
{
    private const long Elements = 64L << 20;
    private const long Chunk = 1L << 16;

    internal sealed record Result(double CopyGBps, double TriadGBps);

    public static Result Measure(int repetitions)
    {
        var bytes = (nuint)(Elements * sizeof(float));
        var a = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        var b = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        var c = (float*)NativeMemory.AlignedAlloc(bytes, 64);
        try
        {
            // Touch every page first: the figure is bandwidth, not page faults.
            new Span<float>(a, (int)Elements).Fill(1);
            new Span<float>(b, (int)Elements).Fill(2);
            new Span<float>(c, (int)Elements).Fill(3);
            var copy = Best(repetitions, () => Parallel.For(0, Elements / Chunk, k =>
                new ReadOnlySpan<float>(b + k * Chunk, (int)Chunk).CopyTo(new Span<float>(a + k * Chunk, (int)Chunk))));
            var triad = Best(repetitions, () => Parallel.For(0, Elements / Chunk, k => Triad(a + k * Chunk, b + k * Chunk, c + k * Chunk)));
            var size = Elements * sizeof(float);
            return new Result(2.0 * size / copy, 3.0 * size / triad);
        }
        finally
        {
            NativeMemory.AlignedFree(a);
            NativeMemory.AlignedFree(b);
            NativeMemory.AlignedFree(c);
        }
    }

    private static void Triad(float* a, float* b, float* c)
    {
        var s = Vector512.Create(3f);
        for (long i = 0; i < Chunk; i += Vector512<float>.Count)
            (Vector512.Load(b + i) + s * Vector512.Load(c + i)).Store(a + i);
    }

    // STREAM reports the best repetition: the machine's capability, not its noise. Returns nanoseconds.
    private static double Best(int repetitions, Action run)
    {
        run();
        var best = double.MaxValue;
        for (var r = 0; r < repetitions; r++)
        {
            var start = Stopwatch.GetTimestamp();
            run();
            best = Math.Min(best, Stopwatch.GetElapsedTime(start).TotalNanoseconds);
        }

        return best;
    }
}
