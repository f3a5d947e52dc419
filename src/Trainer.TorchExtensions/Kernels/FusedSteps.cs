using System.Buffers;

namespace Training.TorchExtensions;

/// <summary>The loop every fused optimizer step shares: validate all, take the kernel where it applies, run the kernels.</summary>
internal static class FusedSteps
{
    public static void Run<TTensors, TKernel, TStep>(IReadOnlyList<TTensors> tensors, TStep step)
        where TKernel : struct, ICpuKernel
        where TStep : struct, IFusedStep<TTensors, TKernel>
    {
        ArgumentNullException.ThrowIfNull(tensors);
        // Validate everything before touching anything: a bad entry must not leave earlier parameters stepped.
        for (var i = 0; i < tensors.Count; i++) step.Validate(tensors[i]);

        var kernels = ArrayPool<TKernel>.Shared.Rent(Math.Max(1, tensors.Count));
        try
        {
            var count = 0;
            for (var i = 0; i < tensors.Count; i++)
            {
                if (step.TryCreateKernel(tensors[i], out var kernel)) kernels[count++] = kernel;
                else step.StepWithTensorOps(tensors[i]);
            }

            CpuKernels.Run(kernels, count);
        }
        finally
        {
            ArrayPool<TKernel>.Shared.Return(kernels);
        }

        // The kernels hold raw addresses: the tensors must outlive them.
        GC.KeepAlive(tensors);
    }
}
