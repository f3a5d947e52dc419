using System.Diagnostics;

namespace Training.Bench;

/// <summary>The timing procedure, the same as in op_overhead.cpp and op_overhead.py.</summary>
internal static class Timing
{
    /// <summary>
    /// Warms <paramref name="loop"/> up, then times <c>loop(iterations)</c> <paramref name="repetitions"/>
    /// times and returns the median nanoseconds per op. Unlike the native references the C# side keeps
    /// warming up for at least <paramref name="minimumWarmup"/>, so that tiered JIT has installed its
    /// optimised code before the first timed repetition.
    /// </summary>
    public static double MedianNsPerOp(Action<long> loop, long iterations, int repetitions, TimeSpan minimumWarmup)
    {
        var warmup = Stopwatch.StartNew();
        do loop(Math.Max(1, iterations / 2));
        while (warmup.Elapsed < minimumWarmup);

        var samples = new double[repetitions];
        for (var r = 0; r < repetitions; r++)
        {
            var start = Stopwatch.GetTimestamp();
            loop(iterations);
            samples[r] = Stopwatch.GetElapsedTime(start).TotalNanoseconds / iterations;
        }

        Array.Sort(samples);
        return samples[samples.Length / 2];
    }
}
