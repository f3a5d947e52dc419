namespace Training.TorchExtensions;

/// <summary>Fused optimizer steps: one call updates many parameters with the same hyperparameters.</summary>
public static class Fused
{
    /// <summary>One parameter's tensors for a fused Adam/AdamW step.</summary>
    /// <param name="Parameter">The parameter, updated in place.</param>
    /// <param name="Gradient">Its gradient.</param>
    /// <param name="ExpAvg">First moment, updated in place.</param>
    /// <param name="ExpAvgSq">Second moment, updated in place.</param>
    /// <param name="MaxExpAvgSq">Running maximum of the second moment (AMSGrad) or null.</param>
    /// <param name="Step">The step number of this update (1 for the first).</param>
    public readonly record struct AdamTensors(Tensor Parameter, Tensor Gradient, Tensor ExpAvg, Tensor ExpAvgSq, Tensor? MaxExpAvgSq, double Step);

    /// <summary>
    /// Adam (L2 decay through the gradient) or AdamW (<paramref name="decoupled"/>) over many parameters: the same
    /// result as torch's for-loop algorithm within float rounding. Parameters whose five tensors are float32, dense,
    /// contiguous and on the CPU are updated by a vectorised multi-threaded kernel in one pass over their memory; any
    /// other (another dtype or device, a strided view) by tensor operations.
    /// </summary>
    /// <remarks>
    /// The CPU kernel writes the tensors' memory directly, so it does not bump their autograd version counters (as
    /// in-place tensor operations under no_grad do); an optimizer step is not part of a recorded graph.
    /// </remarks>
    public static void AdamStep(IReadOnlyList<AdamTensors> tensors, double lr, double beta1, double beta2, double eps,
        double weightDecay, bool amsgrad, bool maximize, bool decoupled)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        // Validate everything before touching anything: a bad entry must not leave earlier parameters stepped.
        foreach (var t in tensors)
        {
            if (amsgrad && t.MaxExpAvgSq is null) throw new ArgumentException("amsgrad needs max_exp_avg_sq", nameof(tensors));
        }

        var spans = new List<AdamSpan>(tensors.Count);
        foreach (var t in tensors)
        {
            var coefficients = new AdamCoefficients(lr, beta1, beta2, eps, weightDecay, maximize, decoupled, t.Step);
            if (AdamCpuPath.TryGetSpan(t, amsgrad, coefficients, out var span)) spans.Add(span);
            else AdamTensorOps.Step(t, lr, beta1, beta2, eps, weightDecay, amsgrad, maximize, decoupled);
        }

        AdamCpuPath.Run(spans);
        // The spans hold raw addresses: the tensors must outlive the kernel.
        GC.KeepAlive(tensors);
    }
}
