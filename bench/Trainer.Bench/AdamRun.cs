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
        ReferenceResult CSharp(bool tuned)
        {
            progress($"C# AdamW child, allocator {(tuned ? "tuned" : "defaults")} ...");
            var environment = new Dictionary<string, string> { ["TRAINER_MALLOC_TUNING"] = tuned ? "1" : "0" };
            var self = Environment.ProcessPath ?? throw new InvalidOperationException("no path of this program");
            var run = ExternalProcess.Run(self, [AdamChild.Flag, .. workload.AdamArguments], Repository.Root, environment);
            var result = run.Succeeded
                ? ReferenceResult.Parse("C#", run.Output, "child")
                : ReferenceResult.Unavailable("C#", $"AdamW child failed (exit {run.ExitCode}):\n{run.Tail()}");
            progress($"  {result.Detail} {Summary(result)}");
            return result;
        }

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

    private static string Summary(ReferenceResult result) =>
        result.NsPerOp is null ? string.Empty
            : string.Join(", ", result.NsPerOp.Select(kv => string.Create(CultureInfo.InvariantCulture, $"{kv.Key} {kv.Value:F1} ms")));
}
