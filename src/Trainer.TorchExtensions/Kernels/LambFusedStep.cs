using System.Buffers;

namespace Training.TorchExtensions;

/// <summary>LAMB's hyperparameters of one fused step, which path each parameter takes, and the two-pass run.</summary>
internal readonly record struct LambFusedStep(double Lr, double Beta1, double Beta2, double Eps, double WeightDecay, bool Adam)
{
    /// <summary>
    /// Steps every parameter: validates all, runs pass 1 of every kernel, the trust ratios from the per-chunk sums,
    /// then pass 2; the rest through tensor ops. <paramref name="vectorBits"/> forces a width (tests), null the widest.
    /// </summary>
    public void Run(IReadOnlyList<Fused.LambTensors> tensors, int? vectorBits = null)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var kernels = ArrayPool<LambKernel>.Shared.Rent(Math.Max(1, tensors.Count));
        double[]? sums = null;
        try
        {
            var count = 0;
            var slots = 0;
            for (var i = 0; i < tensors.Count; i++)
            {
                if (TryCreateKernel(tensors[i], out var kernel))
                {
                    kernels[count++] = kernel with { FirstSlot = slots };
                    slots += (int)((kernel.Length + CpuKernels.ChunkElements - 1) / CpuKernels.ChunkElements);
                }
                else
                {
                    StepWithTensorOps(tensors[i]);
                }
            }

            sums = ArrayPool<double>.Shared.Rent(Math.Max(1, 2 * slots));
            Array.Clear(sums, 0, 2 * slots);
            for (var k = 0; k < count; k++) kernels[k] = kernels[k] with { Sums = sums };
            RunAll(kernels, count, vectorBits);
            for (var k = 0; k < count; k++)
            {
                var kernel = kernels[k];
                var chunks = (int)((kernel.Length + CpuKernels.ChunkElements - 1) / CpuKernels.ChunkElements);
                double updateSquares = 0, parameterSquares = 0;
                for (var c = 0; c < chunks; c++)
                {
                    updateSquares += sums[2 * (kernel.FirstSlot + c)];
                    parameterSquares += sums[2 * (kernel.FirstSlot + c) + 1];
                }

                kernels[k] = kernel with { Apply = true, ScaledLr = (float)(-Lr * Trust(Math.Sqrt(parameterSquares), Math.Sqrt(updateSquares))) };
            }

            RunAll(kernels, count, vectorBits);
        }
        finally
        {
            ArrayPool<LambKernel>.Shared.Return(kernels, clearArray: true);
            if (sums is not null) ArrayPool<double>.Shared.Return(sums);
        }

        GC.KeepAlive(tensors);
    }

    public bool TryCreateKernel(in Fused.LambTensors tensors, out LambKernel kernel)
    {
        kernel = default;
        Span<nint> a = stackalloc nint[4];
        if (!DenseCpuFloat.TryGetAddresses([tensors.Parameter, tensors.Gradient, tensors.ExpAvg, tensors.ExpAvgSq], a, out var length)) return false;
        kernel = new LambKernel(a[0], a[1], a[2], a[3], length, this, [], 0, false, 0);
        return true;
    }

    public void StepWithTensorOps(in Fused.LambTensors tensors)
    {
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        tensors.ExpAvg.mul_(Scalars.Keep(Beta1)).add_(tensors.Gradient, Scalars.Keep(1 - Beta1));
        tensors.ExpAvgSq.mul_(Scalars.Keep(Beta2)).addcmul_(tensors.Gradient, tensors.Gradient, Scalars.Keep(1 - Beta2));
        var adamStep = tensors.ExpAvg.div(tensors.ExpAvgSq.sqrt().add_(Scalars.Keep(Eps)));
        if (WeightDecay != 0) adamStep.add_(tensors.Parameter, Scalars.Keep(WeightDecay));
        var trust = Trust(tensors.Parameter.norm().ReadDouble(), adamStep.norm().ReadDouble());
        tensors.Parameter.add_(adamStep, Scalars.Keep(-Lr * trust));
    }

    // Cerebras' ratio: the weight norm clamped to [0, 10] (not the ratio), 1 when either norm is 0; float32 division.
    private double Trust(double weightNorm, double updateNorm)
    {
        if (Adam) return 1;
        weightNorm = Math.Min(weightNorm, 10);
        return weightNorm > 0 && updateNorm > 0 ? (float)weightNorm / (float)updateNorm : 1;
    }

    private static void RunAll(LambKernel[] kernels, int count, int? vectorBits)
    {
        if (vectorBits is not { } bits)
        {
            CpuKernels.Run(kernels, count);
            return;
        }

        // One thread, chunk by chunk, so every chunk's sums land in their own slot as in the parallel run.
        for (var k = 0; k < count; k++)
        {
            for (var start = 0L; start < kernels[k].Length; start += CpuKernels.ChunkElements)
                CpuKernels.RunRange(kernels[k], start, Math.Min(CpuKernels.ChunkElements, kernels[k].Length - start), bits);
        }
    }
}
