using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Hyperparameters of one bitsandbytes Adam update.</summary>
/// <param name="LearningRate">lr.</param>
/// <param name="Beta1">β1 (first-moment decay).</param>
/// <param name="Beta2">β2 (second-moment decay).</param>
/// <param name="Eps">ε added to the bias-corrected root of the second moment.</param>
/// <param name="WeightDecay">Decoupled decay, applied (when &gt; 0) before the Adam step: p ← p·(1 − lr·wd).</param>
/// <param name="OptimBits">8 (blockwise-quantised state for large tensors) or 32.</param>
/// <param name="Min8BitSize">Tensors with fewer elements keep float32 state even when <paramref name="OptimBits"/> is 8.</param>
public readonly record struct BitsAndBytesAdamSettings(
    double LearningRate, double Beta1, double Beta2, double Eps, double WeightDecay,
    int OptimBits = 8, long Min8BitSize = BitsAndBytesState.DefaultMin8BitSize);

/// <summary>
/// One bitsandbytes Adam(W) update of one tensor — what <c>Optimizer2State.update_step</c> does for a parameter on
/// the CPU backend (bitsandbytes <c>backends/cpu/ops.py</c>). Reusable outside an optimizer (GaLore's 8-bit variant
/// applies it to its low-rank placeholder).
/// </summary>
/// <remarks>
/// <para>State: created on first use by <see cref="BitsAndBytesState.EnsureCreated"/> (8-bit when optim_bits is 8
/// and the tensor has at least min_8bit_size elements); <c>step</c> is incremented first, t = the new step.</para>
/// <para>32-bit (<c>_optimizer_update_32bit_cpu</c>): m ← β1·m + (1−β1)·g; v ← β2·v + (1−β2)·g²;
/// c1 = 1 − β1^t; c2 = √(1 − β2^t); p ← p·(1 − lr·wd) if wd &gt; 0; p ← p + (−lr·c2/c1)·m/(√v + ε·c2).</para>
/// <para>8-bit (<c>_optimizer_update_8bit_blockwise_cpu</c>): dequantise m (signed map) and v (unsigned map), the
/// same moment updates in float32, p ← p·(1 − lr·wd) if wd &gt; 0; p ← p − (lr/c1)·m/(√v/c2 + ε); requantise both
/// with the new per-block absmax (<see cref="BlockwiseQuantization"/>).</para>
/// <para>The arithmetic runs in float32 on a float32 view of the target (bf16/fp16 targets are updated through a
/// float32 copy and written back). No update-norm clipping (<c>max_unorm</c> 0) and gradient scale 1, as the
/// Trainer builds it. CUDA differs slightly (decay after the update, binary-search rounding); see the reference
/// notes.</para>
/// </remarks>
public static class BitsAndBytesAdamUpdate
{
    /// <summary>
    /// Applies one update to <paramref name="target"/> (in place) from <paramref name="gradient"/>, creating or
    /// advancing <paramref name="state"/>. Runs under no_grad in its own dispose scope; the state owns its tensors.
    /// </summary>
    public static void Apply(Tensor target, Tensor gradient, ParameterState state, BitsAndBytesAdamSettings settings)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(gradient);
        ArgumentNullException.ThrowIfNull(state);
        using var noGrad = torch.no_grad();
        BitsAndBytesState.EnsureCreated(target, state, 2, settings.OptimBits, settings.Min8BitSize);
        var step = BitsAndBytesState.NextStep(state);
        if (BitsAndBytesState.IsEightBit(state)) ApplyEightBit(EightBitTensors(target, gradient, state, step), settings);
        else ApplyThirtyTwoBit(target, gradient, state, step, settings);
    }

    /// <summary>The tensors of an 8-bit state at <paramref name="step"/> (already advanced), for the fused step.</summary>
    internal static Fused.Adam8BitTensors EightBitTensors(Tensor target, Tensor gradient, ParameterState state, long step) =>
        new(target, gradient, state.Tensor("state1"), state.Tensor("absmax1"), state.Tensor("state2"), state.Tensor("absmax2"), step);

    /// <summary>
    /// The 8-bit update in tensor operations, the step already advanced: the reference the fused kernel reproduces
    /// code for code, and its path for tensors it cannot take.
    /// </summary>
    internal static void ApplyEightBit(Fused.Adam8BitTensors tensors, BitsAndBytesAdamSettings settings)
    {
        using var noGrad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var (lr, beta1, beta2) = (settings.LearningRate, settings.Beta1, settings.Beta2);
        var target = tensors.Parameter;
        var grad = tensors.Gradient.to(ScalarType.Float32);
        var weights = target.dtype == ScalarType.Float32 ? target : target.to(ScalarType.Float32);
        var correction1 = 1.0 - Math.Pow(beta1, tensors.Step);
        var correction2 = Math.Sqrt(1.0 - Math.Pow(beta2, tensors.Step));
        var m = BlockwiseQuantization.Dequantize(tensors.Codes1, tensors.Absmax1, DynamicQuantizationMap.Signed);
        var v = BlockwiseQuantization.Dequantize(tensors.Codes2, tensors.Absmax2, DynamicQuantizationMap.Unsigned);
        m.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1.0 - beta1));
        v.mul_(Scalars.Keep(beta2)).addcmul_(grad, grad, Scalars.Keep(1.0 - beta2));
        var denominator = v.sqrt().div(Scalars.Keep(correction2)).add_(Scalars.Keep(settings.Eps));
        if (settings.WeightDecay > 0) weights.mul_(Scalars.Keep(1.0 - lr * settings.WeightDecay));
        weights.addcdiv_(m, denominator, Scalars.Keep(-lr / correction1));
        BlockwiseQuantization.QuantizeInto(m, DynamicQuantizationMap.Signed, tensors.Codes1, tensors.Absmax1);
        BlockwiseQuantization.QuantizeInto(v, DynamicQuantizationMap.Unsigned, tensors.Codes2, tensors.Absmax2);
        if (!ReferenceEquals(weights, target)) target.copy_(weights);
    }

    private static void ApplyThirtyTwoBit(Tensor target, Tensor gradient, ParameterState state, long step, BitsAndBytesAdamSettings settings)
    {
        using var scope = torch.NewDisposeScope();
        var (lr, beta1, beta2) = (settings.LearningRate, settings.Beta1, settings.Beta2);
        var grad = gradient.to(ScalarType.Float32);
        var weights = target.dtype == ScalarType.Float32 ? target : target.to(ScalarType.Float32);
        var correction1 = 1.0 - Math.Pow(beta1, step);
        var correction2 = Math.Sqrt(1.0 - Math.Pow(beta2, step));
        var m = state.Tensor("state1");
        var v = state.Tensor("state2");
        m.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1.0 - beta1));
        v.mul_(Scalars.Keep(beta2)).addcmul_(grad, grad, Scalars.Keep(1.0 - beta2));
        var stepSize = -lr * correction2 / correction1;
        if (settings.WeightDecay > 0) weights.mul_(Scalars.Keep(1.0 - lr * settings.WeightDecay));
        var update = m.div(v.sqrt().add(Scalars.Keep(settings.Eps * correction2)));
        weights.add_(update, Scalars.Keep(stepSize));
        if (!ReferenceEquals(weights, target)) target.copy_(weights);
    }
}
