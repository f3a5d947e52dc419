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
        var parameters = Gpt2Shapes.NewParametersWithGradients();
        var expAvg = parameters.Select(p => torch.zeros_like(p)).ToList();
        var expAvgSq = parameters.Select(p => torch.zeros_like(p)).ToList();

        var step = 0;
        Fused.AdamTensors[] Tensors()
        {
            step++;
            return [.. parameters.Select((p, i) => new Fused.AdamTensors(p, p.grad!, expAvg[i], expAvgSq[i], null, step))];
        }

        Print("kernel", StepTiming.Median(warmup, steps, () =>
            Fused.AdamStep(Tensors(), Lr, Beta1, Beta2, Eps, WeightDecay, amsgrad: false, maximize: false, decoupled: true)));
        Print("tensor_ops", StepTiming.Median(warmup, steps, () =>
        {
            foreach (var t in Tensors()) AdamTensorOps.Step(t, Lr, Beta1, Beta2, Eps, WeightDecay, false, false, true);
        }));

        // TorchSharp's optimizer owns its own moments; the kernel's are freed first to keep the peak lower.
        foreach (var t in expAvg.Concat(expAvgSq)) t.Dispose();
        using var optimizer = torch.optim.AdamW(parameters, Lr, Beta1, Beta2, Eps, WeightDecay);
        Print("torchsharp_adamw", StepTiming.Median(warmup, steps, () => optimizer.step()));
        return 0;
    }

    private static void Print(string name, double ms) => StepTiming.Print(name, ms);
}
