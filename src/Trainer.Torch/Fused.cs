using Training.Torch.Native;

namespace Training.Torch;

/// <summary>Fused native kernels used by optimizers: one pass over memory per parameter tensor, multi-threaded.</summary>
public static class Fused
{
    /// <summary>One parameter's tensors for a fused Adam/AdamW step.</summary>
    /// <param name="Parameter">The parameter (contiguous), updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="ExpAvg">First moment, updated in place.</param>
    /// <param name="ExpAvgSq">Second moment, updated in place.</param>
    /// <param name="MaxExpAvgSq">Running maximum of the second moment (AMSGrad) or null.</param>
    /// <param name="Step">The step number of this update (1 for the first).</param>
    public readonly record struct AdamTensors(Tensor Parameter, Tensor Gradient, Tensor ExpAvg, Tensor ExpAvgSq, Tensor? MaxExpAvgSq, double Step);

    /// <summary>
    /// Adam (L2 decay through the gradient) or AdamW (<paramref name="decoupled"/>) over many parameters in one
    /// native call: the same result as torch's for-loop algorithm within float rounding.
    /// </summary>
    public static unsafe void AdamStep(IReadOnlyList<AdamTensors> tensors, double lr, double beta1, double beta2, double eps,
        double weightDecay, bool amsgrad, bool maximize, bool decoupled)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var n = tensors.Count;
        if (n == 0) return;
        var handles = new nint[5 * n];
        var steps = new double[n];
        for (var i = 0; i < n; i++)
        {
            var t = tensors[i];
            handles[i] = t.Parameter.Handle;
            handles[n + i] = t.Gradient.Handle;
            handles[2 * n + i] = t.ExpAvg.Handle;
            handles[3 * n + i] = t.ExpAvgSq.Handle;
            handles[4 * n + i] = amsgrad ? (t.MaxExpAvgSq ?? throw new ArgumentException("amsgrad needs max_exp_avg_sq")).Handle : 0;
            steps[i] = t.Step;
        }

        fixed (nint* h = handles)
        fixed (double* s = steps)
        {
            NativeError.Check(NativeMethods.trn_fused_adam_(h, h + n, h + 2 * n, h + 3 * n, amsgrad ? h + 4 * n : null, s, n,
                lr, beta1, beta2, eps, weightDecay, amsgrad ? (byte)1 : (byte)0, maximize ? (byte)1 : (byte)0, decoupled ? (byte)1 : (byte)0));
        }

        GC.KeepAlive(tensors);
    }
}
