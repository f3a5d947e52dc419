namespace Training.TorchExtensions;

/// <summary>
/// The Lion update of one float32 parameter in one pass over memory, in <see cref="LionFusedStep.StepWithTensorOps"/>'s
/// order: p ← p·(1 − lr·wd); p ← p + (−lr)·sign(m·β1 + (1−β1)·g); m ← m·β2 + (1−β2)·g.
/// </summary>
/// <param name="Parameter">Address of the parameter's element 0.</param>
/// <param name="Gradient">Address of the gradient's element 0.</param>
/// <param name="ExpAvg">Address of the momentum's element 0.</param>
/// <param name="Length">Elements of each tensor.</param>
/// <param name="Step">The group's hyperparameters.</param>
internal readonly unsafe record struct LionKernel(nint Parameter, nint Gradient, nint ExpAvg, long Length, LionFusedStep Step) : ICpuKernel
{
    long ICpuKernel.Update<TVector, TLanes>(long start, long count)
    {
        var p = (float*)Parameter + start;
        var g = (float*)Gradient + start;
        var m = (float*)ExpAvg + start;
        var decay = TLanes.Create((float)(1 - Step.Lr * Step.WeightDecay));
        var negativeLr = TLanes.Create((float)-Step.Lr);
        var beta1 = TLanes.Create((float)Step.Beta1);
        var oneMinusBeta1 = TLanes.Create((float)(1 - Step.Beta1));
        var beta2 = TLanes.Create((float)Step.Beta2);
        var oneMinusBeta2 = TLanes.Create((float)(1 - Step.Beta2));
        var useDecay = Step.WeightDecay != 0;
        long i = 0;
        for (; i <= count - TLanes.Count; i += TLanes.Count)
        {
            var param = TLanes.Load(p + i);
            var grad = TLanes.Load(g + i);
            var momentum = TLanes.Load(m + i);
            if (useDecay) param = TLanes.Multiply(param, decay);
            var direction = TLanes.Sign(TLanes.FusedMultiplyAdd(grad, oneMinusBeta1, TLanes.Multiply(momentum, beta1)));
            TLanes.Store(TLanes.FusedMultiplyAdd(direction, negativeLr, param), p + i);
            TLanes.Store(TLanes.FusedMultiplyAdd(grad, oneMinusBeta2, TLanes.Multiply(momentum, beta2)), m + i);
        }

        return i;
    }
}
