using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// The per-parameter state layout of bitsandbytes' <c>Optimizer1State</c> / <c>Optimizer2State.init_state</c>:
/// <c>step</c> (an int), then <c>state1</c> (and <c>state2</c>) — uint8 codes shaped like the parameter when the
/// state is 8-bit, float32 otherwise — and for 8-bit <c>absmax1</c> (and <c>absmax2</c>), float32 of length
/// ceil(numel/256). The quantisation maps are shared constants (<see cref="DynamicQuantizationMap"/>), not state.
/// </summary>
public static class BitsAndBytesState
{
    /// <summary>bitsandbytes' default <c>min_8bit_size</c>: smaller tensors keep float32 state.</summary>
    public const long DefaultMin8BitSize = 4096;

    /// <summary>True when a tensor of <paramref name="numel"/> elements gets 8-bit state (optim_bits 8 and numel ≥ min_8bit_size).</summary>
    public static bool UsesEightBit(long numel, int optimBits, long min8BitSize) => optimBits == 8 && numel >= min8BitSize;

    /// <summary>True when the state was created 8-bit (its <c>state1</c> holds uint8 codes).</summary>
    public static bool IsEightBit(ParameterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        return state.Tensor("state1").dtype == ScalarType.Byte;
    }

    /// <summary>
    /// Creates the state of <paramref name="target"/> with <paramref name="stateCount"/> moments (1 for Lion, 2 for
    /// Adam) unless it already exists, 8-bit or float32 by <see cref="UsesEightBit"/>.
    /// </summary>
    public static void EnsureCreated(Tensor target, ParameterState state, int stateCount, int optimBits, long min8BitSize)
    {
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(state);
        if (state.Contains("step")) return;
        if (optimBits is not (8 or 32)) throw new ArgumentOutOfRangeException(nameof(optimBits), optimBits, $"Invalid optim_bits: {optimBits} (must be 8 or 32)");
        state.SetInteger("step", 0);
        var eightBit = UsesEightBit(target.numel(), optimBits, min8BitSize);
        var dtype = eightBit ? ScalarType.Byte : ScalarType.Float32;
        for (var i = 1; i <= stateCount; i++) state.SetTensor($"state{i}", torch.zeros_like(target, dtype));
        if (!eightBit) return;
        var blocks = BlockwiseQuantization.BlockCount(target.numel());
        for (var i = 1; i <= stateCount; i++) state.SetTensor($"absmax{i}", torch.zeros(blocks, ScalarType.Float32));
    }

    /// <summary>Advances the state's <c>step</c> and returns the new value (bitsandbytes increments before the update).</summary>
    public static long NextStep(ParameterState state)
    {
        ArgumentNullException.ThrowIfNull(state);
        var step = state.Integer("step") + 1;
        state.SetInteger("step", step);
        return step;
    }
}
