using System.Diagnostics;
using System.Globalization;

namespace Training.Bench;

/// <summary>How the optimizer-step children time a step and report it to the parent.</summary>
internal static class StepTiming
{
    /// <summary>Runs <paramref name="warmup"/> untimed steps (the optimizers allocate their state), then returns the median ms of <paramref name="steps"/>.</summary>
    public static double Median(int warmup, int steps, Action step)
    {
        for (var i = 0; i < warmup; i++) step();
        var samples = new double[steps];
        for (var i = 0; i < steps; i++)
        {
            var start = Stopwatch.GetTimestamp();
            step();
            samples[i] = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
        }

        Array.Sort(samples);
        return samples[steps / 2];
    }

    /// <summary>A <c>name milliseconds</c> line for <see cref="ReferenceResult.Parse"/>.</summary>
    public static void Print(string name, double ms) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {ms:F2}"));
}
