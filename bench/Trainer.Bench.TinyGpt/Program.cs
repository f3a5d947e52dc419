using System.Runtime.InteropServices;
using Training.Bench.TinyGpt;
using Training.Models;
using TorchSharp;
using static System.FormattableString;

// TinyGpt training throughput: C# on TorchSharp (AdamW op-by-op and fused) against the PyTorch 1.13 twin, interleaved.
BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"{e.Message}\n{BenchOptions.Usage}");
    return 2;
}

if (options.Help)
{
    Console.WriteLine(BenchOptions.Usage);
    return 0;
}

#if DEBUG
Console.Error.WriteLine("warning: this is a Debug build; run the benchmark with -c Release.");
#endif

torch.set_num_threads(options.Threads);
var root = Training.Bench.Repository.Root;
var corpus = CharCorpus.Load(Path.Combine(root, "data", "tinyshakespeare.txt"), options.Block);
var config = CSharpRun.ConfigFor(options, corpus);
var tokensPerStep = options.Batch * options.Block;
Console.WriteLine(Invariant($"machine   {Environment.ProcessorCount} cores, {torch.get_num_threads()} intra-op threads on both sides, load {File.ReadAllText("/proc/loadavg").Trim()}"));
// TorchSharp-cpu's libtorch links MKL statically (no shared BLAS library to name); the PyTorch twin reports its own.
Console.WriteLine($"runtime   TorchSharp {typeof(torch).Assembly.GetName().Version}, libtorch {torch.__version__} (MKL), {RuntimeInformation.FrameworkDescription}");
Console.WriteLine(Invariant(
    $"model     TinyGpt layers={config.Layers} heads={config.Heads} embd={config.EmbeddingDim} block={config.BlockSize} vocab={config.VocabSize} dropout={config.Dropout}; batch={options.Batch} ({tokensPerStep} tokens/step)"));

if (options.Curve)
{
    LossCurve.Run(options, corpus);
    return 0;
}

Console.WriteLine(Invariant(
    $"plan      {options.Warmup} warm-up steps, then {options.Rounds} interleaved rounds of {options.StepsPerRound} steps per variant\n"));

var csharp = new[]
{
    new CSharpRun("C# AdamW", options, corpus, fused: false),
    new CSharpRun("C# AdamW (fused)", options, corpus, fused: true),
};
PythonTwin? twin = null;
try
{
    Console.WriteLine(Invariant($"parameters {csharp[0].Model.ParameterCount()}"));
    if (!options.NoPython)
    {
        twin = PythonTwin.Start(options, root);
        Console.WriteLine($"PyTorch twin ready: {twin.Ready}");
    }

    var results = csharp.Cast<ITrainingVariant>().Concat(twin?.Variants ?? []).Select(v => new VariantResults(v, tokensPerStep)).ToList();
    foreach (var r in results) r.Warmup = r.Variant.Train(options.Warmup);
    for (var round = 0; round < options.Rounds; round++)
    {
        // Rotating the order spreads slow moments of a shared machine over all variants.
        for (var k = 0; k < results.Count; k++)
        {
            var r = results[(round + k) % results.Count];
            var block = r.Variant.Train(options.StepsPerRound);
            r.Rounds.Add(block);
            Console.WriteLine(Invariant($"round {round + 1}: {r.Variant.Name,-26} {r.TokensPerSecond(block),8:F0} tokens/s"));
        }
    }

    Console.WriteLine();
    Console.WriteLine(Report.Table(results, twin is null ? "C# AdamW" : "PyTorch AdamW"));
    var reference = twin is null ? "C# AdamW" : "PyTorch AdamW";
    Console.WriteLine("same seeds on both sides: equal initial weights and batches, so the losses agree within float rounding:");
    Console.Write(Report.Losses(results, reference));
}
finally
{
    twin?.Dispose();
    foreach (var run in csharp) run.Dispose();
}

return 0;

