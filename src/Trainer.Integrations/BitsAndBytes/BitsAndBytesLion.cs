using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// bitsandbytes' <c>Lion</c> (<c>Optimizer1State("lion")</c>): decay before the sign step, one momentum
/// <c>state1</c> — blockwise 8-bit with the signed dynamic map (+ <c>absmax1</c>) when <c>optim_bits = 8</c> and the
/// tensor has at least <c>min_8bit_size</c> elements (1 + 4/256 bytes per element), float32 otherwise. The update
/// itself is <see cref="BitsAndBytesLionUpdate"/>.
/// </summary>
public sealed class BitsAndBytesLion : BitsAndBytesOptimizer
{
    /// <summary>Creates the optimizer over parameters.</summary>
    public BitsAndBytesLion(IEnumerable<Tensor> parameters, BitsAndBytesLionOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates the optimizer over groups.</summary>
    public BitsAndBytesLion(IEnumerable<ParamGroup> groups, BitsAndBytesLionOptions? options = null)
        : base(groups, options ?? new BitsAndBytesLionOptions(), "Lion", 1) { }

    /// <inheritdoc/>
    protected override bool StepFused(ParamGroup group)
    {
        var settings = Settings(group, 8);
        return StepEightBitFused(group,
            (parameter, gradient, state) =>
            {
                BitsAndBytesState.NextStep(state);
                return BitsAndBytesLionUpdate.EightBitTensors(parameter, gradient, state);
            },
            batch => Fused.Lion8BitStep(batch, settings.LearningRate, settings.Beta1, settings.Beta2, settings.WeightDecay,
                DynamicQuantizationMap.SignedCodebook, t => BitsAndBytesLionUpdate.ApplyEightBit(t, settings)));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        BitsAndBytesLionUpdate.Apply(parameter, gradient, state, Settings(group, OptimBitsFor(parameter)));
    }

    private BitsAndBytesLionSettings Settings(ParamGroup group, int optimBits)
    {
        var (beta1, beta2) = group.GetPair("betas");
        return new BitsAndBytesLionSettings(group.LearningRate, beta1, beta2, group["weight_decay"], optimBits, Min8BitSize);
    }
}
