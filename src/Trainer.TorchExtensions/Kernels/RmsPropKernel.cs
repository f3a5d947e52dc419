namespace Training.TorchExtensions;

/// <summary>
/// The RMSprop update of one float32 parameter in one pass over memory, in
/// <see cref="RmsPropFusedStep.StepWithTensorOps"/>'s order: g ← ±g (+ wd·p); v ← v·α + (1−α)·g·g; centered:
/// a ← a·α + (1−α)·g, avg ← sqrt(v − a·a), else avg ← sqrt(v); avg ← avg + eps; momentum: buf ← buf·μ + g/avg,
/// p ← p + (−lr)·buf, else p ← p + (−lr)·g/avg.
/// </summary>
/// <param name="Parameter">Address of the parameter's element 0.</param>
/// <param name="Gradient">Address of the gradient's element 0.</param>
/// <param name="SquareAvg">Address of the squared-gradient average's element 0.</param>
/// <param name="GradAvg">Address of the gradient average's element 0, 0 when not centered.</param>
/// <param name="MomentumBuffer">Address of the momentum buffer's element 0, 0 without momentum.</param>
/// <param name="Length">Elements of each tensor.</param>
/// <param name="Step">The group's hyperparameters.</param>
internal readonly unsafe record struct RmsPropKernel(nint Parameter, nint Gradient, nint SquareAvg, nint GradAvg, nint MomentumBuffer,
    long Length, RmsPropFusedStep Step) : ICpuKernel
{
    long ICpuKernel.Update<TVector, TLanes>(long start, long count)
    {
        var p = (float*)Parameter + start;
        var g = (float*)Gradient + start;
        var v = (float*)SquareAvg + start;
        var a = GradAvg == 0 ? null : (float*)GradAvg + start;
        var b = MomentumBuffer == 0 ? null : (float*)MomentumBuffer + start;
        var alpha = TLanes.Create((float)Step.Alpha);
        var oneMinusAlpha = TLanes.Create((float)(1 - Step.Alpha));
        var eps = TLanes.Create((float)Step.Eps);
        var weightDecay = TLanes.Create((float)Step.WeightDecay);
        var momentum = TLanes.Create((float)Step.Momentum);
        var negativeLr = TLanes.Create((float)-Step.Lr);
        bool useDecay = Step.WeightDecay != 0, maximize = Step.Maximize;
        long i = 0;
        for (; i <= count - TLanes.Count; i += TLanes.Count)
        {
            var param = TLanes.Load(p + i);
            var grad = LaneMath.DescentDirection<TVector, TLanes>(TLanes.Load(g + i), param, maximize, useDecay, weightDecay);
            var square = TLanes.Add(TLanes.Multiply(TLanes.Load(v + i), alpha), TLanes.Multiply(TLanes.Multiply(oneMinusAlpha, grad), grad));
            TLanes.Store(square, v + i);
            TVector average;
            if (a != null)
            {
                var mean = TLanes.FusedMultiplyAdd(grad, oneMinusAlpha, TLanes.Multiply(TLanes.Load(a + i), alpha));
                TLanes.Store(mean, a + i);
                average = TLanes.Sqrt(TLanes.Subtract(square, TLanes.Multiply(mean, mean)));
            }
            else
            {
                average = TLanes.Sqrt(square);
            }

            average = TLanes.Add(average, eps);
            if (b != null)
            {
                var buffer = TLanes.Add(TLanes.Multiply(TLanes.Load(b + i), momentum), TLanes.Divide(grad, average));
                TLanes.Store(buffer, b + i);
                TLanes.Store(TLanes.FusedMultiplyAdd(buffer, negativeLr, param), p + i);
            }
            else
            {
                TLanes.Store(TLanes.Add(param, TLanes.Divide(TLanes.Multiply(negativeLr, grad), average)), p + i);
            }
        }

        return i;
    }
}
