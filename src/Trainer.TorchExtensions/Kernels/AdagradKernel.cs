namespace Training.TorchExtensions;

/// <summary>
/// The Adagrad update of one float32 parameter in one pass over memory, in
/// <see cref="AdagradFusedStep.StepWithTensorOps"/>'s order: g ← ±g (+ wd·p); sum ← sum + g·g;
/// p ← p + (−clr)·g / (sqrt(sum) + eps).
/// </summary>
/// <param name="Parameter">Address of the parameter's element 0.</param>
/// <param name="Gradient">Address of the gradient's element 0.</param>
/// <param name="Sum">Address of the squared-gradient sum's element 0.</param>
/// <param name="Length">Elements of each tensor.</param>
/// <param name="DecayedLr">This parameter's decayed learning rate at this step.</param>
/// <param name="Step">The group's hyperparameters.</param>
internal readonly unsafe record struct AdagradKernel(nint Parameter, nint Gradient, nint Sum, long Length, double DecayedLr,
    AdagradFusedStep Step) : ICpuKernel
{
    long ICpuKernel.Update<TVector, TLanes>(long start, long count)
    {
        var p = (float*)Parameter + start;
        var g = (float*)Gradient + start;
        var s = (float*)Sum + start;
        var negativeLr = TLanes.Create((float)-DecayedLr);
        var weightDecay = TLanes.Create((float)Step.WeightDecay);
        var eps = TLanes.Create((float)Step.Eps);
        bool useDecay = Step.WeightDecay != 0, maximize = Step.Maximize;
        long i = 0;
        for (; i <= count - TLanes.Count; i += TLanes.Count)
        {
            var param = TLanes.Load(p + i);
            var grad = LaneMath.DescentDirection<TVector, TLanes>(TLanes.Load(g + i), param, maximize, useDecay, weightDecay);
            var sum = TLanes.Add(TLanes.Load(s + i), TLanes.Multiply(grad, grad));
            TLanes.Store(sum, s + i);
            var denominator = TLanes.Add(TLanes.Sqrt(sum), eps);
            TLanes.Store(TLanes.Add(param, TLanes.Divide(TLanes.Multiply(negativeLr, grad), denominator)), p + i);
        }

        return i;
    }
}
