using System.Globalization;

namespace Training.Bench;

/// <summary>
/// Runs the AdamW step on every side, each in its own process so that its memory is returned before the next:
/// the C# child with the allocator tuned and with glibc's defaults, and PyTorch with and without the same mallopt.
/// </summary>
internal static class AdamRun
{
    internal sealed record Sides(ReferenceResult CSharpTuned, ReferenceResult CSharpDefault, ReferenceResult PythonTuned, ReferenceResult PythonDefault);

    public static Sides Run(Workload workload, int threads, Action<string> progress)
    {
        ReferenceResult CSharp(bool tuned) => Child(AdamChild.Flag, "C# AdamW child", workload, tuned, progress);

        ReferenceResult Python(bool tuned)
        {
            progress($"PyTorch AdamW, allocator {(tuned ? "tuned" : "defaults")} ...");
            var result = PythonReference.Run(
            [
                "--adamw", .. workload.AdamArguments, "--threads", threads.ToString(CultureInfo.InvariantCulture),
                "--malloc-tuning", tuned ? "1" : "0",
            ]);
            progress($"  {result.Detail} {Summary(result)}");
            return result;
        }

        return new Sides(CSharp(true), CSharp(false), Python(true), Python(false));
    }

    /// <summary>
    /// Runs this program as a child in <paramref name="flag"/>'s mode with the step workload, the allocator tuned or
    /// not (TRAINER_MALLOC_TUNING), and parses its <c>name milliseconds</c> lines.
    /// </summary>
    public static ReferenceResult Child(string flag, string what, Workload workload, bool tuned, Action<string> progress)
    {
        progress($"{what}, allocator {(tuned ? "tuned" : "defaults")} ...");
        var environment = new Dictionary<string, string> { ["TRAINER_MALLOC_TUNING"] = tuned ? "1" : "0" };
        var self = Environment.ProcessPath ?? throw new InvalidOperationException("no path of this program");
        var run = ExternalProcess.Run(self, [flag, .. workload.AdamArguments], Repository.Root, environment);
        var result = run.Succeeded
            ? ReferenceResult.Parse("C#", run.Output, "child")
            : ReferenceResult.Unavailable("C#", $"{what} failed (exit {run.ExitCode}):\n{run.Tail()}");
        progress($"  {result.Detail} {Summary(result)}");
        return result;
    }

    private static string Summary(ReferenceResult result) =>
        result.NsPerOp is null ? string.Empty
            : string.Join(", ", result.NsPerOp.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F1} ms")));
}
