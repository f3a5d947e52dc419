using System.Text;
using static System.FormattableString;

namespace Training.Bench.TinyGpt;

/// <summary>The measured blocks of one variant: its warm-up and the timed rounds.</summary>
internal sealed class VariantResults(ITrainingVariant variant)
{
    public ITrainingVariant Variant => variant;
    public BlockResult? Warmup { get; set; }
    public List<BlockResult> Rounds { get; } = [];

    public int MeasuredSteps => Rounds.Sum(r => r.Steps);

    public double TokensPerSecond(BlockResult round, int tokensPerStep) => round.Steps * tokensPerStep / round.Seconds;

    public double MedianTokensPerSecond(int tokensPerStep) => Median(Rounds.Select(r => TokensPerSecond(r, tokensPerStep)));

    public double MillisecondsPerStep(string phase) => Rounds.Sum(r => r.PhaseSeconds.GetValueOrDefault(phase)) * 1000 / MeasuredSteps;

    public IEnumerable<double> AllLosses => (Warmup is null ? [] : Warmup.Losses).Concat(Rounds.SelectMany(r => r.Losses));

    private static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0) return double.NaN;
        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }
}

/// <summary>The comparison table (Markdown, so it can be pasted into bench/TinyGpt.md).</summary>
internal static class Report
{
    public static string Table(IReadOnlyList<VariantResults> results, int tokensPerStep, string reference)
    {
        var baseline = results.FirstOrDefault(r => r.Variant.Name == reference)?.MedianTokensPerSecond(tokensPerStep) ?? double.NaN;
        var text = new StringBuilder();
        text.AppendLine("| variant | tokens/s (median) | rounds min–max | ms/step | data | forward | backward | clip | AdamW | zero_grad | tensors/step | vs " + reference + " |");
        text.AppendLine("|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|");
        foreach (var r in results)
        {
            var median = r.MedianTokensPerSecond(tokensPerStep);
            var perRound = r.Rounds.Select(round => r.TokensPerSecond(round, tokensPerStep)).ToList();
            var phases = string.Join(" | ", BlockResult.Phases.Select(p => Invariant($"{r.MillisecondsPerStep(p):F1}")));
            var tensors = r.Rounds.Average(x => x.TensorsPerStep);
            text.AppendLine(Invariant(
                $"| {r.Variant.Name} | {median:F0} | {perRound.Min():F0}–{perRound.Max():F0} | {tokensPerStep * 1000.0 / median:F1} | {phases} | {(double.IsNaN(tensors) ? "–" : tensors.ToString("F0", System.Globalization.CultureInfo.InvariantCulture))} | {median / baseline:F2} |"));
        }

        return text.ToString();
    }

    public static string Losses(IReadOnlyList<VariantResults> results)
    {
        var text = new StringBuilder();
        foreach (var r in results)
        {
            var losses = r.AllLosses.ToList();
            if (losses.Count == 0) continue;
            text.AppendLine(Invariant($"  {r.Variant.Name,-26} loss {losses[0]:F4} (step 1) -> {losses[^1]:F4} (step {losses.Count})"));
        }

        return text.ToString();
    }
}
