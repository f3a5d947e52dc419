using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Hyperparameters of one bitsandbytes Lion update.</summary>
/// <param name="LearningRate">lr.</param>
/// <param name="Beta1">Interpolation factor of the update direction.</param>
/// <param name="Beta2">Decay of the momentum.</param>
/// <param name="WeightDecay">Decoupled decay, applied (when &gt; 0) before the sign step: p ← p·(1 − lr·wd).</param>
/// <param name="OptimBits">8 (blockwise-quantised momentum for large tensors) or 32.</param>
/// <param name="Min8BitSize">Tensors with fewer elements keep float32 state even when <paramref name="OptimBits"/> is 8.</param>
public readonly record struct BitsAndBytesLionSettings(
    double LearningRate, double Beta1, double Beta2, double WeightDecay,
    int OptimBits = 8, long Min8BitSize = BitsAndBytesState.DefaultMin8BitSize);

/// <summary>
/// One bitsandbytes Lion update of one tensor (<c>Optimizer1State.update_step</c> with the CPU kernels):
/// p ← p·(1 − lr·wd) if wd &gt; 0; p ← p − lr·sign(β1·m + (1−β1)·g) (sign(0) = 0); m ← β2·m + (1−β2)·g.
/// The 8-bit variant dequantises m with the signed dynamic map, updates it in float32 and requantises it with the
/// new per-block absmax. <c>step</c> is counted (bitsandbytes keeps it) but Lion does not use it.
/// </summary>
public static class BitsAndBytesLionUpdate
{
    /// <summary>Applies one update to <paramref name="target"/> (in place), creating or advancing <paramref name="state"/>.</summary>
    public static void Apply(Tensor target, Tensor gradient, ParameterState state, BitsAndBytesLionSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(state);
        using var noGrad = torch.no_grad();
        BitsAndBytesState.EnsureCreated(target, state, 1, settings.OptimBits, settings.Min8BitSize);
        BitsAndBytesState.NextStep(state);
        if (BitsAndBytesState.IsEightBit(state)) ApplyEightBit(EightBitTensors(target, gradient, state), settings);
        else ApplyThirtyTwoBit(target, gradient, state.Tensor("state1"), settings);
    }

    /// <summary>The tensors of an 8-bit state, for the fused step.</summary>
    internal static Fused.Lion8BitTensors EightBitTensors(Tensor target, Tensor gradient, ParameterState state) =>
        new(target, gradient, state.Tensor("state1"), state.Tensor("absmax1"));

    /// <summary>
    /// The 8-bit update in tensor operations (the step already counted): the reference the fused kernel reproduces
    /// code for code, and its path for tensors it cannot take.
    /// </summary>
    internal static void ApplyEightBit(Fused.Lion8BitTensors tensors, BitsAndBytesLionSettings settings)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (lr, beta1, beta2) = (settings.LearningRate, settings.Beta1, settings.Beta2);
        var target = tensors.Parameter;
        var grad = tensors.Gradient.to(ScalarType.Float32);
        var weights = target.dtype == ScalarType.Float32 ? target : target.to(ScalarType.Float32);
        var m = BlockwiseQuantization.Dequantize(tensors.Codes, tensors.Absmax, DynamicQuantizationMap.Signed);
        if (settings.WeightDecay > 0) weights.mul_(Scalars.Keep(1.0 - lr * settings.WeightDecay));
        // The 8-bit CPU kernel forms the direction as two products and a sum (the 32-bit one uses add with alpha).
        var direction = m.mul(Scalars.Keep(beta1)).add(grad.mul(Scalars.Keep(1.0 - beta1))).sign_();
        weights.add_(direction, Scalars.Keep(-lr));
        m.mul_(Scalars.Keep(beta2)).add_(grad, Scalars.Keep(1.0 - beta2));
        BlockwiseQuantization.QuantizeInto(m, DynamicQuantizationMap.Signed, tensors.Codes, tensors.Absmax);
        if (!ReferenceEquals(weights, target)) target.copy_(weights);
    }

    private static void ApplyThirtyTwoBit(Tensor target, Tensor gradient, Tensor m, BitsAndBytesLionSettings settings)
    {
        using var scope = torch.NewDisposeScope();
        var (lr, beta1, beta2) = (settings.LearningRate, settings.Beta1, settings.Beta2);
        var grad = gradient.to(ScalarType.Float32);
        var weights = target.dtype == ScalarType.Float32 ? target : target.to(ScalarType.Float32);
        if (settings.WeightDecay > 0) weights.mul_(Scalars.Keep(1.0 - lr * settings.WeightDecay));
        var direction = m.mul(Scalars.Keep(beta1)).add(grad, Scalars.Keep(1.0 - beta1)).sign_();
        weights.add_(direction, Scalars.Keep(-lr));
        m.mul_(Scalars.Keep(beta2)).add_(grad, Scalars.Keep(1.0 - beta2));
        if (!ReferenceEquals(weights, target)) target.copy_(weights);
    }
}
