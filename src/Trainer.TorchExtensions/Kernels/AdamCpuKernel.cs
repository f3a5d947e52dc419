using System.Runtime.CompilerServices;
using System.Runtime.Intrinsics;

namespace Training.TorchExtensions;

/// <summary>
/// The Adam/AdamW update of a range of float32 elements in one pass over memory: each element of the parameter,
/// gradient and moments is loaded once and stored once. The operations and their order are those of
/// <see cref="AdamTensorOps"/> (torch 1.13's single-tensor algorithm), element by element:
/// g ← ±g (+ wd·p); p ← p·(1 − lr·wd); m ← m·β1 + (1−β1)·g; v ← v·β2 + (1−β2)·g·g; v̂ ← max(v̂, v);
/// p ← p + (−step)·m / (sqrt(v̂)/sqrt(bc2) + eps).
/// </summary>
internal static unsafe class AdamCpuKernel
{
    /// <summary>The widest vector this CPU runs in hardware: 512, 256, or 0 (scalar only).</summary>
    public static int PreferredVectorBits { get; } =
        Vector512.IsHardwareAccelerated ? 512 : Vector256.IsHardwareAccelerated ? 256 : 0;

    /// <summary>Updates elements [start, start + count) of <paramref name="span"/> with the widest hardware vectors.</summary>
    public static void Run(in AdamSpan span, long start, long count) => Run(span, start, count, PreferredVectorBits);

    /// <summary>
    /// Updates elements [start, start + count) with <paramref name="vectorBits"/>-bit vectors (512, 256, or 0 for
    /// scalar code) and scalar code for the tail; tests pick each width to cover the paths this CPU would not take.
    /// </summary>
    internal static void Run(in AdamSpan span, long start, long count, int vectorBits)
    {
        var p = (float*)span.Parameter + start;
        var g = (float*)span.Gradient + start;
        var m = (float*)span.ExpAvg + start;
        var v = (float*)span.ExpAvgSq + start;
        var vmax = span.MaxExpAvgSq == 0 ? null : (float*)span.MaxExpAvgSq + start;
        var c = span.Coefficients;
        long i = 0;
        if (vectorBits == 512) i = Run512(p, g, m, v, vmax, count, c);
        else if (vectorBits == 256) i = Run256(p, g, m, v, vmax, count, c);
        for (; i < count; i++) Scalar(p + i, g + i, m + i, v + i, vmax == null ? null : vmax + i, c);
    }

    // Returns how many elements it updated (whole vectors); the caller finishes the tail.
    private static long Run512(float* p, float* g, float* m, float* v, float* vmax, long count, in AdamCoefficients c)
    {
        var beta1 = Vector512.Create(c.Beta1);
        var beta2 = Vector512.Create(c.Beta2);
        var oneMinusBeta1 = Vector512.Create(c.OneMinusBeta1);
        var oneMinusBeta2 = Vector512.Create(c.OneMinusBeta2);
        var eps = Vector512.Create(c.Eps);
        var bc2 = Vector512.Create(c.BiasCorrection2Sqrt);
        var negativeStep = Vector512.Create(c.NegativeStepSize);
        var l2 = Vector512.Create(c.L2Decay);
        var decoupled = Vector512.Create(c.DecoupledFactor);
        bool useL2 = c.L2Decay != 0, useDecoupled = c.DecoupledFactor != 1, maximize = c.Maximize;
        var last = count - Vector512<float>.Count;
        long i = 0;
        for (; i <= last; i += Vector512<float>.Count)
        {
            var grad = Vector512.Load(g + i);
            var param = Vector512.Load(p + i);
            if (maximize) grad = -grad;
            if (useL2) grad = Vector512.FusedMultiplyAdd(param, l2, grad);
            if (useDecoupled) param *= decoupled;
            var mi = Vector512.FusedMultiplyAdd(grad, oneMinusBeta1, Vector512.Load(m + i) * beta1);
            var vi = Vector512.Load(v + i) * beta2 + oneMinusBeta2 * grad * grad;
            mi.Store(m + i);
            vi.Store(v + i);
            if (vmax != null)
            {
                vi = Vector512.Max(Vector512.Load(vmax + i), vi);
                vi.Store(vmax + i);
            }

            var denominator = Vector512.Sqrt(vi) / bc2 + eps;
            (param + negativeStep * mi / denominator).Store(p + i);
        }

        return i;
    }

    private static long Run256(float* p, float* g, float* m, float* v, float* vmax, long count, in AdamCoefficients c)
    {
        var beta1 = Vector256.Create(c.Beta1);
        var beta2 = Vector256.Create(c.Beta2);
        var oneMinusBeta1 = Vector256.Create(c.OneMinusBeta1);
        var oneMinusBeta2 = Vector256.Create(c.OneMinusBeta2);
        var eps = Vector256.Create(c.Eps);
        var bc2 = Vector256.Create(c.BiasCorrection2Sqrt);
        var negativeStep = Vector256.Create(c.NegativeStepSize);
        var l2 = Vector256.Create(c.L2Decay);
        var decoupled = Vector256.Create(c.DecoupledFactor);
        bool useL2 = c.L2Decay != 0, useDecoupled = c.DecoupledFactor != 1, maximize = c.Maximize;
        var last = count - Vector256<float>.Count;
        long i = 0;
        for (; i <= last; i += Vector256<float>.Count)
        {
            var grad = Vector256.Load(g + i);
            var param = Vector256.Load(p + i);
            if (maximize) grad = -grad;
            if (useL2) grad = Vector256.FusedMultiplyAdd(param, l2, grad);
            if (useDecoupled) param *= decoupled;
            var mi = Vector256.FusedMultiplyAdd(grad, oneMinusBeta1, Vector256.Load(m + i) * beta1);
            var vi = Vector256.Load(v + i) * beta2 + oneMinusBeta2 * grad * grad;
            mi.Store(m + i);
            vi.Store(v + i);
            if (vmax != null)
            {
                vi = Vector256.Max(Vector256.Load(vmax + i), vi);
                vi.Store(vmax + i);
            }

            var denominator = Vector256.Sqrt(vi) / bc2 + eps;
            (param + negativeStep * mi / denominator).Store(p + i);
        }

        return i;
    }

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    private static void Scalar(float* p, float* g, float* m, float* v, float* vmax, in AdamCoefficients c)
    {
        var grad = c.Maximize ? -*g : *g;
        var param = *p;
        if (c.L2Decay != 0) grad = MathF.FusedMultiplyAdd(param, c.L2Decay, grad);
        param *= c.DecoupledFactor;
        var mi = MathF.FusedMultiplyAdd(grad, c.OneMinusBeta1, *m * c.Beta1);
        var vi = *v * c.Beta2 + c.OneMinusBeta2 * grad * grad;
        *m = mi;
        *v = vi;
        if (vmax != null)
        {
            vi = MathF.Max(*vmax, vi);
            *vmax = vi;
        }

        *p = param + c.NegativeStepSize * mi / (MathF.Sqrt(vi) / c.BiasCorrection2Sqrt + c.Eps);
    }
}
