using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Bench;

/// <summary>
/// Every <see cref="FusedCandidate"/>'s step over GPT-2 small's parameters, through the optimizer with <c>fused</c>
/// set and op by op, in a child process with the allocator tuned (as the Trainer runs); prints
/// <c>name_fused ms</c> and <c>name_unfused ms</c> lines for <see cref="ReferenceResult.Parse"/>. One optimizer lives at
/// a time, so the peak is the parameters, gradients and one state.
/// </summary>
internal static class KernelsChild
{
    public const string Flag = "--kernels-child";

    public static int Run(int warmup, int steps)
    {
        Console.WriteLine($"# allocator tuning: {AllocatorTuning.Apply()}");
        using var scope = NewDisposeScope();
        var parameters = Gpt2Shapes.NewParametersWithGradients();
        foreach (var candidate in FusedCandidate.All)
        {
            foreach (var fused in new[] { true, false })
            {
                using var optimizer = candidate.Create(parameters, fused);
                StepTiming.Print($"{candidate.Name}_{(fused ? "fused" : "unfused")}", StepTiming.Median(warmup, steps, () => optimizer.Step()));
            }
        }

        return 0;
    }
}
