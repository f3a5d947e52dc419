namespace Training.TorchExtensions;

/// <summary>
/// The Adam/AdamW update of one float32 parameter in one pass over memory: each element of the parameter, gradient
/// and moments is loaded once and stored once. The operations and their order are those of
/// <see cref="AdamTensorOps"/> (torch 1.13's single-tensor algorithm), element by element:
/// g ← ±g (+ wd·p); p ← p·(1 − lr·wd); m ← m·β1 + (1−β1)·g; v ← v·β2 + (1−β2)·g·g; v̂ ← max(v̂, v);
/// p ← p + (−step)·m / (sqrt(v̂)/sqrt(bc2) + eps).
/// </summary>
/// <param name="Parameter">Address of the parameter's element 0.</param>
/// <param name="Gradient">Address of the gradient's element 0.</param>
/// <param name="ExpAvg">Address of the first moment's element 0.</param>
/// <param name="ExpAvgSq">Address of the second moment's element 0.</param>
/// <param name="MaxExpAvgSq">Address of the AMSGrad maximum's element 0, 0 when off.</param>
/// <param name="Length">Elements of each tensor.</param>
/// <param name="Coefficients">The parameter's constants at this step.</param>
internal readonly unsafe record struct AdamKernel(nint Parameter, nint Gradient, nint ExpAvg, nint ExpAvgSq, nint MaxExpAvgSq,
    long Length, AdamCoefficients Coefficients) : ICpuKernel
{
    long ICpuKernel.Update<TVector, TLanes>(long start, long count)
    {
        var p = (float*)Parameter + start;
        var g = (float*)Gradient + start;
        var m = (float*)ExpAvg + start;
        var v = (float*)ExpAvgSq + start;
        var vmax = MaxExpAvgSq == 0 ? null : (float*)MaxExpAvgSq + start;
        var c = Coefficients;
        var beta1 = TLanes.Create(c.Beta1);
        var beta2 = TLanes.Create(c.Beta2);
        var oneMinusBeta1 = TLanes.Create(c.OneMinusBeta1);
        var oneMinusBeta2 = TLanes.Create(c.OneMinusBeta2);
        var eps = TLanes.Create(c.Eps);
        var bc2 = TLanes.Create(c.BiasCorrection2Sqrt);
        var negativeStep = TLanes.Create(c.NegativeStepSize);
        var l2 = TLanes.Create(c.L2Decay);
        var decoupled = TLanes.Create(c.DecoupledFactor);
        bool useL2 = c.L2Decay != 0, useDecoupled = c.DecoupledFactor != 1, maximize = c.Maximize;
        long i = 0;
        for (; i <= count - TLanes.Count; i += TLanes.Count)
        {
            var param = TLanes.Load(p + i);
            var grad = LaneMath.DescentDirection<TVector, TLanes>(TLanes.Load(g + i), param, maximize, useL2, l2);
            if (useDecoupled) param = TLanes.Multiply(param, decoupled);
            var mi = TLanes.FusedMultiplyAdd(grad, oneMinusBeta1, TLanes.Multiply(TLanes.Load(m + i), beta1));
            var vi = TLanes.Add(TLanes.Multiply(TLanes.Load(v + i), beta2), TLanes.Multiply(TLanes.Multiply(oneMinusBeta2, grad), grad));
            TLanes.Store(mi, m + i);
            TLanes.Store(vi, v + i);
            if (vmax != null)
            {
                vi = TLanes.Max(TLanes.Load(vmax + i), vi);
                TLanes.Store(vi, vmax + i);
            }

            var denominator = TLanes.Add(TLanes.Divide(TLanes.Sqrt(vi), bc2), eps);
            TLanes.Store(TLanes.Add(param, TLanes.Divide(TLanes.Multiply(negativeStep, mi), denominator)), p + i);
        }

        return i;
    }
}
