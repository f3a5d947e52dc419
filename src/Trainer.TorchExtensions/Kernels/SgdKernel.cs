namespace Training.TorchExtensions;

/// <summary>
/// The SGD update of one float32 parameter in one pass over memory, in <see cref="SgdFusedStep.StepWithTensorOps"/>'s
/// order (torch 1.13's single-tensor algorithm): d ← ±g (+ wd·p); buf ← d (first step) or buf·μ + (1−dampening)·d;
/// d ← buf or d + μ·buf (Nesterov); p ← p + (−lr)·d.
/// </summary>
/// <param name="Parameter">Address of the parameter's element 0.</param>
/// <param name="Gradient">Address of the gradient's element 0.</param>
/// <param name="MomentumBuffer">Address of the momentum buffer's element 0, 0 without momentum.</param>
/// <param name="Length">Elements of each tensor.</param>
/// <param name="InitializeBuffer">The parameter's first step with momentum: the buffer is written, not read.</param>
/// <param name="Step">The group's hyperparameters.</param>
internal readonly unsafe record struct SgdKernel(nint Parameter, nint Gradient, nint MomentumBuffer, long Length,
    bool InitializeBuffer, SgdFusedStep Step) : ICpuKernel
{
    long ICpuKernel.Update<TVector, TLanes>(long start, long count)
    {
        var p = (float*)Parameter + start;
        var g = (float*)Gradient + start;
        var b = MomentumBuffer == 0 ? null : (float*)MomentumBuffer + start;
        // libtorch casts each double Scalar to the tensor's float32 once; so do these.
        var negativeLr = TLanes.Create((float)-Step.Lr);
        var weightDecay = TLanes.Create((float)Step.WeightDecay);
        var momentum = TLanes.Create((float)Step.Momentum);
        var oneMinusDampening = TLanes.Create((float)(1 - Step.Dampening));
        bool useDecay = Step.WeightDecay != 0, maximize = Step.Maximize, nesterov = Step.Nesterov, initialize = InitializeBuffer;
        long i = 0;
        for (; i <= count - TLanes.Count; i += TLanes.Count)
        {
            var param = TLanes.Load(p + i);
            var d = LaneMath.DescentDirection<TVector, TLanes>(TLanes.Load(g + i), param, maximize, useDecay, weightDecay);
            if (b != null)
            {
                var buffer = initialize ? d : TLanes.FusedMultiplyAdd(d, oneMinusDampening, TLanes.Multiply(TLanes.Load(b + i), momentum));
                TLanes.Store(buffer, b + i);
                d = nesterov ? TLanes.FusedMultiplyAdd(buffer, momentum, d) : buffer;
            }

            TLanes.Store(TLanes.FusedMultiplyAdd(d, negativeLr, param), p + i);
        }

        return i;
    }
}
