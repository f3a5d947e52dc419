namespace Training.TorchExtensions;

/// <summary>
/// bitsandbytes' blockwise 8-bit Lion update of one float32 parameter, quantisation fused in (as
/// <see cref="Adam8BitKernel"/>: decode a block, update, encode with the new absmax). The operations and their
/// order are the tensor path's: p ← p·(1 − lr·wd) if wd &gt; 0; p ← p + (−lr)·sign(m·β1 + g·(1−β1)) (two
/// products and a sum, as bitsandbytes' 8-bit CPU kernel); m ← m·β2 + (1−β2)·g. The momentum's codes and absmax
/// are bit-identical to that path.
/// </summary>
/// <param name="Parameter">Address of the parameter's element 0.</param>
/// <param name="Gradient">Address of the gradient's element 0.</param>
/// <param name="Codes">Address of the momentum's codes (signed map).</param>
/// <param name="Absmax">Address of the momentum's per-block absmax.</param>
/// <param name="Length">Elements of the parameter.</param>
/// <param name="Step">The group's hyperparameters and codebook.</param>
internal readonly unsafe record struct Lion8BitKernel(nint Parameter, nint Gradient, nint Codes, nint Absmax, long Length, Lion8BitFusedStep Step)
    : ICpuKernel
{
    long ICpuKernel.Update<TVector, TLanes>(long start, long count)
    {
        const int blockSize = BlockwiseCodes.BlockSize;
        var end = TLanes.Count == 1 ? count : count / blockSize * blockSize;
        var m = stackalloc float[blockSize];
        var s = Step;
        var beta1 = TLanes.Create((float)s.Beta1);
        var oneMinusBeta1 = TLanes.Create((float)(1 - s.Beta1));
        var beta2 = TLanes.Create((float)s.Beta2);
        var oneMinusBeta2 = TLanes.Create((float)(1 - s.Beta2));
        var decay = TLanes.Create((float)(1 - s.Lr * s.WeightDecay));
        var negativeLr = TLanes.Create((float)-s.Lr);
        var useDecay = s.WeightDecay > 0;
        for (long offset = 0; offset < end; offset += blockSize)
        {
            var n = (int)Math.Min(blockSize, end - offset);
            var element = start + offset;
            var p = (float*)Parameter + element;
            var g = (float*)Gradient + element;
            var codes = (byte*)Codes + element;
            var absmax = (float*)Absmax + element / blockSize;
            BlockwiseCodes.Decode(codes, *absmax, s.Codebook, m, n);
            var max = TLanes.Create(0f);
            for (var j = 0; j < n; j += TLanes.Count)
            {
                var grad = TLanes.Load(g + j);
                var momentum = TLanes.Load(m + j);
                var param = TLanes.Load(p + j);
                if (useDecay) param = TLanes.Multiply(param, decay);
                var direction = TLanes.Sign(TLanes.Add(TLanes.Multiply(momentum, beta1), TLanes.Multiply(grad, oneMinusBeta1)));
                TLanes.Store(TLanes.FusedMultiplyAdd(direction, negativeLr, param), p + j);
                momentum = TLanes.FusedMultiplyAdd(grad, oneMinusBeta2, TLanes.Multiply(momentum, beta2));
                TLanes.Store(momentum, m + j);
                max = TLanes.Max(max, TLanes.Abs(momentum));
            }

            *absmax = BlockwiseCodes.Encode(m, n, LaneMath.MaxAcross<TVector, TLanes>(max), s.Codebook, codes);
        }

        return end;
    }
}
