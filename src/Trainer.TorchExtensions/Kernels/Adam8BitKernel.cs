namespace Training.TorchExtensions;

/// <summary>
/// bitsandbytes' blockwise 8-bit Adam(W) update of one float32 parameter, quantisation fused in: block by block,
/// the moments' codes are decoded into stack buffers, updated with the parameter in one vector pass, and encoded
/// back with the block's new absmax — each code read once and written once. The float32 operations and their order
/// are those of the tensor path (bitsandbytes' <c>_optimizer_update_8bit_blockwise_cpu</c>):
/// m ← m·β1 + (1−β1)·g; v ← v·β2 + ((1−β2)·g)·g; d ← √v / c2 + ε; p ← p·(1 − lr·wd) if wd &gt; 0;
/// p ← p + ((−lr/c1)·m) / d. The moments, and so the codes and absmax, are bit-identical to that path.
/// </summary>
/// <remarks>
/// The one operation whose rounding depends on the libtorch build is <c>addcmul</c> (<see cref="LibtorchScalarTail"/>):
/// where libtorch fuses it everywhere, so does the kernel; where only its scalar tail does, a block that holds tail
/// elements of the tensor path's ranges is updated element by element with that rounding there, every other block
/// with whole vectors.
/// </remarks>
/// <param name="Parameter">Address of the parameter's element 0.</param>
/// <param name="Gradient">Address of the gradient's element 0.</param>
/// <param name="Codes1">Address of the first moment's codes (signed map).</param>
/// <param name="Absmax1">Address of the first moment's per-block absmax.</param>
/// <param name="Codes2">Address of the second moment's codes (unsigned map).</param>
/// <param name="Absmax2">Address of the second moment's per-block absmax.</param>
/// <param name="Length">Elements of the parameter.</param>
/// <param name="Step">The group's hyperparameters and codebooks.</param>
/// <param name="StepNumber">The parameter's step (1 for the first update).</param>
/// <param name="LibtorchThreads">libtorch's intra-op threads, which place the tensor path's scalar tails.</param>
/// <param name="AddcmulFused">True when libtorch rounds <c>addcmul</c> once everywhere (<see cref="LibtorchScalarTail.AllFused"/>).</param>
internal readonly unsafe record struct Adam8BitKernel(nint Parameter, nint Gradient, nint Codes1, nint Absmax1, nint Codes2, nint Absmax2,
    long Length, Adam8BitFusedStep Step, long StepNumber, int LibtorchThreads, bool AddcmulFused) : ICpuKernel
{
    long ICpuKernel.Update<TVector, TLanes>(long start, long count)
    {
        const int blockSize = BlockwiseCodes.BlockSize;
        // Vectors take whole blocks; the scalar lane takes the rest (the partial last block, or everything).
        var end = TLanes.Count == 1 ? count : count / blockSize * blockSize;
        var m = stackalloc float[blockSize];
        var v = stackalloc float[blockSize];
        var s = Step;
        for (long offset = 0; offset < end; offset += blockSize)
        {
            var n = (int)Math.Min(blockSize, end - offset);
            var element = start + offset;
            var block = element / blockSize;
            var codes1 = (byte*)Codes1 + element;
            var codes2 = (byte*)Codes2 + element;
            var absmax1 = (float*)Absmax1 + block;
            var absmax2 = (float*)Absmax2 + block;
            BlockwiseCodes.Decode(codes1, *absmax1, s.SignedCodebook, m, n);
            BlockwiseCodes.Decode(codes2, *absmax2, s.UnsignedCodebook, v, n);
            // A block holds at most one range end of the tensor path (its ranges are ≥ 16K elements).
            var (tailStart, tailEnd) = LibtorchScalarTail.TailOf(element + n - 1, Length, LibtorchThreads);
            var (max1, max2) = AddcmulFused
                ? UpdateBlock<TVector, TLanes>(element, n, m, v, 0, n)
                : tailStart < element + n && tailEnd > element
                    ? UpdateBlock<float, ScalarLane>(element, n, m, v, tailStart - element, tailEnd - element)
                    : UpdateBlock<TVector, TLanes>(element, n, m, v, 0, 0);
            *absmax1 = BlockwiseCodes.Encode(m, n, max1, s.SignedCodebook, codes1);
            *absmax2 = BlockwiseCodes.Encode(v, n, max2, s.UnsignedCodebook, codes2);
        }

        return end;
    }

    // Updates the parameter and the decoded moments m, v of one block; elements in [fusedFrom, fusedTo) take
    // addcmul with one rounding, as libtorch's scalar tail. Returns the moments' largest magnitudes.
    private (float Max1, float Max2) UpdateBlock<TVector, TLanes>(long element, int n, float* m, float* v, long fusedFrom, long fusedTo)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>
    {
        var s = Step;
        var beta1 = TLanes.Create((float)s.Beta1);
        var oneMinusBeta1 = TLanes.Create((float)(1 - s.Beta1));
        var beta2 = TLanes.Create((float)s.Beta2);
        var oneMinusBeta2 = TLanes.Create((float)(1 - s.Beta2));
        var correction2 = TLanes.Create((float)Math.Sqrt(1 - Math.Pow(s.Beta2, StepNumber)));
        var eps = TLanes.Create((float)s.Eps);
        var decay = TLanes.Create((float)(1 - s.Lr * s.WeightDecay));
        var negativeStep = TLanes.Create((float)(-s.Lr / (1 - Math.Pow(s.Beta1, StepNumber))));
        var useDecay = s.WeightDecay > 0;
        var p = (float*)Parameter + element;
        var g = (float*)Gradient + element;
        var max1 = TLanes.Create(0f);
        var max2 = TLanes.Create(0f);
        // n is a multiple of the width: a whole block for vectors, any count for the scalar lane.
        for (var j = 0; j < n; j += TLanes.Count)
        {
            var grad = TLanes.Load(g + j);
            var mj = TLanes.FusedMultiplyAdd(grad, oneMinusBeta1, TLanes.Multiply(TLanes.Load(m + j), beta1));
            var scaled = TLanes.Multiply(oneMinusBeta2, grad);
            var decayed = TLanes.Multiply(TLanes.Load(v + j), beta2);
            var vj = j >= fusedFrom && j < fusedTo
                ? TLanes.FusedMultiplyAdd(scaled, grad, decayed)
                : TLanes.Add(decayed, TLanes.Multiply(scaled, grad));
            TLanes.Store(mj, m + j);
            TLanes.Store(vj, v + j);
            max1 = TLanes.Max(max1, TLanes.Abs(mj));
            max2 = TLanes.Max(max2, TLanes.Abs(vj));
            var denominator = TLanes.Add(TLanes.Divide(TLanes.Sqrt(vj), correction2), eps);
            var param = TLanes.Load(p + j);
            if (useDecay) param = TLanes.Multiply(param, decay);
            TLanes.Store(TLanes.Add(param, TLanes.Divide(TLanes.Multiply(negativeStep, mj), denominator)), p + j);
        }

        return (LaneMath.MaxAcross<TVector, TLanes>(max1), LaneMath.MaxAcross<TVector, TLanes>(max2));
    }
}
