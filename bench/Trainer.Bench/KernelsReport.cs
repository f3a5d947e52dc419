using System.Globalization;
using System.Text;

namespace Training.Bench;

/// <summary>
/// The fused-kernel table: each optimizer's fused and op-by-op step (median ms), their ratio, and the fused step
/// against its bandwidth bound: bytes a single pass moves per parameter × parameters / the best bandwidth measured in
/// this run (copy or triad).
/// </summary>
internal static class KernelsReport
{
    public static string ToTable(ReferenceResult result, Bandwidth.Result bandwidth)
    {
        var parameters = Gpt2Shapes.Parameters;
        var gbps = Math.Max(bandwidth.CopyGBps, bandwidth.TriadGBps);
        var width = FusedCandidate.All.Max(c => c.Label.Length);
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"Optimizer steps over GPT-2 small's {Gpt2Shapes.All.Count} tensors, {parameters:N0} float32 parameters (median ms per step, allocator tuned)");
        text.AppendLine(CultureInfo.InvariantCulture,
            $"| {"optimizer".PadRight(width)} | B/param | {"fused",7} | {"op by op",8} | {"speed-up",8} | {"bound",7} | {"of bound",8} |");
        text.AppendLine(CultureInfo.InvariantCulture, $"|{new string('-', width + 2)}|--------:|--------:|---------:|---------:|--------:|---------:|");
        foreach (var candidate in FusedCandidate.All)
        {
            var fused = result.Get($"{candidate.Name}_fused");
            var unfused = result.Get($"{candidate.Name}_unfused");
            var bound = candidate.BytesPerParameter * parameters / (gbps * 1e6);
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {candidate.Label.PadRight(width)} | {candidate.BytesPerParameter,7:0.##} | {StepFormat.Ms(fused),7} | {StepFormat.Ms(unfused),8} | {StepFormat.Ratio(unfused, fused),8} | {bound,7:F1} | {Percent(bound, fused),8} |");
        }

        text.AppendLine("op by op: the same optimizer without fused (its tensor-op algorithm); speed-up: op by op / fused");
        text.Append(CultureInfo.InvariantCulture,
            $"bound: B/param x parameters / {gbps:F1} GB/s (the better of copy {bandwidth.CopyGBps:F1} and triad {bandwidth.TriadGBps:F1} GB/s in this run); of bound: bound / fused");
        return text.ToString();
    }

    private static string Percent(double bound, double? ms) =>
        ms is not > 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{bound / ms.Value:P0}");
}
