namespace Training.TorchExtensions;

/// <summary>
/// One pass of the LAMB update of one float32 parameter, in <see cref="LambFusedStep.StepWithTensorOps"/>'s order.
/// LAMB needs two passes, not one: its trust ratio ‖p‖/‖r‖ is a property of the whole tensor and must be known
/// before the first element of p changes. Pass 1 (<see cref="Apply"/> false) updates the moments
/// m ← m·β1 + (1−β1)·g, v ← v·β2 + ((1−β2)·g)·g and sums r² and p² with r = m/(√v + ε) + wd·p into this chunk's
/// slots of <see cref="Sums"/>; pass 2 (<see cref="Apply"/> true) recomputes r from the new moments (the same
/// float32 operations, so the same r, without a buffer as large as the parameter) and applies p ← p + (−lr·trust)·r.
/// </summary>
/// <param name="Parameter">Address of the parameter's element 0.</param>
/// <param name="Gradient">Address of the gradient's element 0.</param>
/// <param name="ExpAvg">Address of the first moment's element 0.</param>
/// <param name="ExpAvgSq">Address of the second moment's element 0.</param>
/// <param name="Length">Elements of each tensor.</param>
/// <param name="Step">The group's hyperparameters.</param>
/// <param name="Sums">Per-chunk partial sums of all parameters: [2·slot] Σr², [2·slot + 1] Σp².</param>
/// <param name="FirstSlot">This parameter's first chunk slot in <see cref="Sums"/>.</param>
/// <param name="Apply">False for pass 1 (moments and sums), true for pass 2 (the parameter).</param>
/// <param name="ScaledLr">Pass 2's −lr·trust.</param>
internal readonly unsafe record struct LambKernel(nint Parameter, nint Gradient, nint ExpAvg, nint ExpAvgSq, long Length, LambFusedStep Step,
    double[] Sums, int FirstSlot, bool Apply, float ScaledLr) : ICpuKernel
{
    // Squares are summed in float32 lanes over this many elements, then in double: bounded rounding for any length.
    private const int SumRun = 1024;

    long ICpuKernel.Update<TVector, TLanes>(long start, long count)
    {
        var p = (float*)Parameter + start;
        var g = (float*)Gradient + start;
        var m = (float*)ExpAvg + start;
        var v = (float*)ExpAvgSq + start;
        var s = Step;
        var beta1 = TLanes.Create((float)s.Beta1);
        var oneMinusBeta1 = TLanes.Create((float)(1 - s.Beta1));
        var beta2 = TLanes.Create((float)s.Beta2);
        var oneMinusBeta2 = TLanes.Create((float)(1 - s.Beta2));
        var eps = TLanes.Create((float)s.Eps);
        var weightDecay = TLanes.Create((float)s.WeightDecay);
        var scaledLr = TLanes.Create(ScaledLr);
        var useDecay = s.WeightDecay != 0;
        double updateSquares = 0, parameterSquares = 0;
        long i = 0;
        while (i <= count - TLanes.Count)
        {
            var runEnd = Math.Min(count, i + SumRun);
            var r2 = TLanes.Create(0f);
            var p2 = TLanes.Create(0f);
            for (; i <= runEnd - TLanes.Count; i += TLanes.Count)
            {
                var param = TLanes.Load(p + i);
                TVector mi, vi;
                if (Apply)
                {
                    mi = TLanes.Load(m + i);
                    vi = TLanes.Load(v + i);
                }
                else
                {
                    var grad = TLanes.Load(g + i);
                    mi = TLanes.FusedMultiplyAdd(grad, oneMinusBeta1, TLanes.Multiply(TLanes.Load(m + i), beta1));
                    vi = TLanes.Add(TLanes.Multiply(TLanes.Load(v + i), beta2), TLanes.Multiply(TLanes.Multiply(oneMinusBeta2, grad), grad));
                    TLanes.Store(mi, m + i);
                    TLanes.Store(vi, v + i);
                }

                var update = TLanes.Divide(mi, TLanes.Add(TLanes.Sqrt(vi), eps));
                if (useDecay) update = TLanes.FusedMultiplyAdd(param, weightDecay, update);
                if (Apply)
                {
                    TLanes.Store(TLanes.FusedMultiplyAdd(update, scaledLr, param), p + i);
                }
                else
                {
                    r2 = TLanes.FusedMultiplyAdd(update, update, r2);
                    p2 = TLanes.FusedMultiplyAdd(param, param, p2);
                }
            }

            if (Apply) continue;
            updateSquares += LaneMath.SumAcross<TVector, TLanes>(r2);
            parameterSquares += LaneMath.SumAcross<TVector, TLanes>(p2);
        }

        if (!Apply)
        {
            // Each chunk runs on one thread (its vectors, then its tail), so its slot needs no synchronisation.
            var slot = 2 * (FirstSlot + (int)(start / CpuKernels.ChunkElements));
            Sums[slot] += updateSquares;
            Sums[slot + 1] += parameterSquares;
        }

        return i;
    }
}
