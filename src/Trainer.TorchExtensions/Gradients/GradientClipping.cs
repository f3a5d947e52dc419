namespace Training.TorchExtensions;

/// <summary>
/// PyTorch's <c>torch.nn.utils.clip_grad_norm_</c> and <c>clip_grad_value_</c> over any tensors: TorchSharp's take
/// only <c>Parameter</c>s, while optimizers hold their parameters as tensors (a user may hand plain leaf tensors).
/// </summary>
public static class GradientClipping
{
    /// <summary>
    /// Scales the gradients of <paramref name="parameters"/> in place so that their joint <paramref name="normType"/>-norm
    /// (infinity allowed) is at most <paramref name="maxNorm"/>; parameters without a gradient are skipped. As in
    /// PyTorch, the coefficient is <c>maxNorm / (total + 1e-6)</c>, applied only when it is below 1.
    /// </summary>
    /// <returns>The total norm before clipping (0 when no parameter has a gradient).</returns>
    public static double ClipGradNorm(IEnumerable<Tensor> parameters, double maxNorm, double normType = 2.0)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        var gradients = parameters.Select(p => p.grad).OfType<Tensor>().ToList();
        if (gradients.Count == 0) return 0.0;
        var device = gradients[0].device;
        // One read pass per gradient: vector_norm covers the infinity norm (the largest magnitude) too, where the
        // p-norm alone would need abs and max, and takes its order as a double, not a per-call native Scalar.
        var norms = new Tensor[gradients.Count];
        for (var i = 0; i < norms.Length; i++)
        {
            var norm = linalg.vector_norm(gradients[i], normType);
            norms[i] = norm.device_type == device.type && norm.device_index == device.index ? norm : norm.to(device);
        }

        // The one host synchronisation: the caller logs the norm (Transformers' grad_norm), and knowing it here skips
        // the scaling pass entirely when nothing is clipped.
        var totalNorm = linalg.vector_norm(stack(norms), normType).ReadDouble();
        var coefficient = maxNorm / (totalNorm + 1e-6);
        if (coefficient < 1)
        {
            // One native Scalar for every gradient, instead of an implicit conversion (a native allocation) per tensor.
            using Scalar scale = coefficient.ToScalar();
            foreach (var gradient in gradients) gradient.mul_(scale);
        }

        return totalNorm;
    }

    /// <summary>Clamps every gradient element of <paramref name="parameters"/> to [-clipValue, clipValue] in place.</summary>
    public static void ClipGradValue(IEnumerable<Tensor> parameters, double clipValue)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        using var scope = NewDisposeScope();
        using var noGrad = no_grad();
        foreach (var gradient in parameters.Select(p => p.grad).OfType<Tensor>()) gradient.clamp_(Scalars.Keep(-clipValue), Scalars.Keep(clipValue));
    }
}
