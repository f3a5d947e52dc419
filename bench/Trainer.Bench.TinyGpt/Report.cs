using System.Globalization;
using System.Text;
using static System.FormattableString;

namespace Training.Bench.TinyGpt;

/// <summary>The measured blocks of one variant: its warm-up and the timed rounds.</summary>
internal sealed class VariantResults(ITrainingVariant variant, int tokensPerStep)
{
    public ITrainingVariant Variant => variant;
    public BlockResult? Warmup { get; set; }
    public List<BlockResult> Rounds { get; } = [];

    /// <summary>The wall-clock throughput of one block.</summary>
    public double TokensPerSecond(BlockResult block) => block.Steps * tokensPerStep / block.Seconds;

    /// <summary>The median over rounds of the wall-clock throughput.</summary>
    public double TokensPerSecond() => Median(Rounds.Select(TokensPerSecond));

    /// <summary>The median over rounds of tokens per CPU-second: less sensitive than wall time to other work on the machine.</summary>
    public double TokensPerCpuSecond() => Median(Rounds.Select(r => r.Steps * tokensPerStep / r.CpuSeconds));

    public double MillisecondsPerStep(string phase) => Rounds.Sum(r => r.PhaseSeconds.GetValueOrDefault(phase)) * 1000 / Rounds.Sum(r => r.Steps);

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
    public static string Table(IReadOnlyList<VariantResults> results, string reference)
    {
        var baseline = results.First(r => r.Variant.Name == reference);
        var text = new StringBuilder();
        text.AppendLine($"| variant | tokens/s | rounds min–max | ratio | tokens/CPU-s | CPU ratio | {string.Join(" | ", BlockResult.Phases)} | tensors/step |");
        text.AppendLine($"|---|---:|---:|---:|---:|---:|{string.Concat(BlockResult.Phases.Select(_ => "---:|"))}---:|");
        foreach (var r in results)
        {
            var rounds = r.Rounds.Select(r.TokensPerSecond).ToList();
            var phases = string.Join(" | ", BlockResult.Phases.Select(p => Invariant($"{r.MillisecondsPerStep(p):F1}")));
            var tensors = r.Rounds.Average(x => x.TensorsPerStep);
            text.AppendLine(Invariant(
                $"| {r.Variant.Name} | {r.TokensPerSecond():F0} | {rounds.Min():F0}–{rounds.Max():F0} | {r.TokensPerSecond() / baseline.TokensPerSecond():F2} | {r.TokensPerCpuSecond():F0} | {r.TokensPerCpuSecond() / baseline.TokensPerCpuSecond():F2} | {phases} | {(double.IsNaN(tensors) ? "–" : tensors.ToString("F0", CultureInfo.InvariantCulture))} |"));
        }

        text.AppendLine();
        text.AppendLine($"tokens/s: median over rounds of wall-clock throughput; ratio: against {reference}; tokens/CPU-s: per second of process");
        text.AppendLine("CPU time (all threads); phases: ms/step (mean); tensors/step: native tensors a C# step creates (binding calls returning one)");
        return text.ToString();
    }

    /// <summary>
    /// Largest |loss difference| at any step between a variant and the reference that the losses may show. libtorch 2.10
    /// (MKL) and PyTorch 1.13 (OpenBLAS) round matrix products differently, so the twins are no longer bit-identical:
    /// measured 4.8e-7 over 150 steps of the default config (1 thread, TorchSharp's AdamW against torch 1.13's), growing
    /// slowly with the steps as the trajectories drift apart; 1e-4 leaves a wide margin for a few hundred steps while
    /// staying far below the loss's own step-to-step changes (1e-2 and more early in training).
    /// </summary>
    public const double LossTolerance = 1e-4;

    public static string Losses(IReadOnlyList<VariantResults> results, string reference)
    {
        var expected = results.First(r => r.Variant.Name == reference).AllLosses.ToList();
        var text = new StringBuilder();
        foreach (var r in results)
        {
            var losses = r.AllLosses.ToList();
            if (losses.Count == 0) continue;
            var steps = Math.Min(losses.Count, expected.Count);
            var worst = Enumerable.Range(0, steps).Select(i => Math.Abs(losses[i] - expected[i])).DefaultIfEmpty().Max();
            var verdict = worst <= LossTolerance ? "agrees" : "DIFFERS";
            text.AppendLine(Invariant(
                $"  {r.Variant.Name,-26} loss {losses[0]:F4} (step 1) -> {losses[^1]:F4} (step {losses.Count}); max |Δ| vs {reference} {worst:E1} over {steps} steps: {verdict} (tolerance {LossTolerance:E0})"));
        }

        return text.ToString();
    }
}
