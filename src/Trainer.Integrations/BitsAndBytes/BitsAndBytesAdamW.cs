using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// bitsandbytes' <c>AdamW</c> (<c>Optimizer2State("adam")</c>) with its CPU-backend semantics: decoupled decay before
/// the Adam step; with <c>optim_bits = 8</c> tensors of at least <c>min_8bit_size</c> elements keep both moments as
/// blockwise 8-bit codes (2 + 8/256 bytes per element). State: <c>step</c>, <c>state1</c>, <c>state2</c>
/// (+ <c>absmax1</c>, <c>absmax2</c>). The update itself is <see cref="BitsAndBytesAdamUpdate"/>.
/// </summary>
public sealed class BitsAndBytesAdamW : BitsAndBytesOptimizer
{
    /// <summary>Creates the optimizer over parameters.</summary>
    public BitsAndBytesAdamW(IEnumerable<Tensor> parameters, BitsAndBytesAdamWOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates the optimizer over groups.</summary>
    public BitsAndBytesAdamW(IEnumerable<ParamGroup> groups, BitsAndBytesAdamWOptions? options = null)
        : base(groups, options ?? new BitsAndBytesAdamWOptions(), "AdamW", 2) { }

    /// <inheritdoc/>
    protected override bool StepFused(ParamGroup group)
    {
        var settings = Settings(group, 8);
        return StepEightBitFused(group,
            (parameter, gradient, state) => BitsAndBytesAdamUpdate.EightBitTensors(parameter, gradient, state, BitsAndBytesState.NextStep(state)),
            batch => Fused.Adam8BitStep(batch, settings.LearningRate, settings.Beta1, settings.Beta2, settings.Eps, settings.WeightDecay,
                DynamicQuantizationMap.SignedCodebook, DynamicQuantizationMap.UnsignedCodebook, t => BitsAndBytesAdamUpdate.ApplyEightBit(t, settings)));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        BitsAndBytesAdamUpdate.Apply(parameter, gradient, state, Settings(group, OptimBitsFor(parameter)));
    }

    private BitsAndBytesAdamSettings Settings(ParamGroup group, int optimBits)
    {
        var (beta1, beta2) = group.GetPair("betas");
        return new BitsAndBytesAdamSettings(group.LearningRate, beta1, beta2, group["eps"], group["weight_decay"], optimBits, Min8BitSize);
    }
}
