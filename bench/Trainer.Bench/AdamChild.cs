using System.Diagnostics;
using System.Globalization;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Bench;

/// <summary>
/// One AdamW step over GPT-2 small's parameters, timed three ways in this process: the managed fused kernel, the
/// tensor-op path of <see cref="Fused.AdamStep"/>, and TorchSharp's <c>torch.optim.AdamW</c>. It runs as a child
/// process (once with the allocator tuned, once without, which one process cannot undo) and prints
/// <c>name milliseconds</c> lines for <see cref="ReferenceResult.Parse"/>.
/// </summary>
internal static class AdamChild
{
    public const string Flag = "--adam-child";

    private const double Lr = 1e-3, Beta1 = 0.9, Beta2 = 0.999, Eps = 1e-8, WeightDecay = 0.01;

    public static int Run(int warmup, int steps)
    {
        Console.WriteLine($"# allocator tuning: {AllocatorTuning.Apply()}");
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var generator = new Generator(0);
        var parameters = Gpt2Shapes.All.Select(s => new TorchSharp.Modules.Parameter(torch.randn(s, generator: generator))).ToList();
        foreach (var p in parameters) p.grad = torch.randn(p.shape, generator: generator);
        var expAvg = parameters.Select(p => torch.zeros_like(p)).ToList();
        var expAvgSq = parameters.Select(p => torch.zeros_like(p)).ToList();

        var step = 0;
        Fused.AdamTensors[] Tensors()
        {
            step++;
            return [.. parameters.Select((p, i) => new Fused.AdamTensors(p, p.grad!, expAvg[i], expAvgSq[i], null, step))];
        }

        Print("kernel", Median(warmup, steps, () =>
            Fused.AdamStep(Tensors(), Lr, Beta1, Beta2, Eps, WeightDecay, amsgrad: false, maximize: false, decoupled: true)));
        Print("tensor_ops", Median(warmup, steps, () =>
        {
            foreach (var t in Tensors()) AdamTensorOps.Step(t, Lr, Beta1, Beta2, Eps, WeightDecay, false, false, true);
        }));

        // TorchSharp's optimizer owns its own moments; the kernel's are freed first to keep the peak lower.
        foreach (var t in expAvg.Concat(expAvgSq)) t.Dispose();
        using var optimizer = torch.optim.AdamW(parameters, Lr, Beta1, Beta2, Eps, WeightDecay);
        Print("torchsharp_adamw", Median(warmup, steps, () => optimizer.step()));
        return 0;
    }

    private static void Print(string name, double ms) =>
        Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"{name} {ms:F2}"));

    private static double Median(int warmup, int steps, Action step)
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
}
