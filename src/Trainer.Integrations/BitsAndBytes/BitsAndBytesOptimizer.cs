using System.Collections;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// What the bitsandbytes optimizers share: the per-parameter <c>optim_bits</c> override (bitsandbytes'
/// <c>GlobalOptimManager.override_config</c>, used by the Trainer to keep embeddings in 32-bit state), the
/// <c>step</c> kept as a Python int in the state dict, and a state-dict load that keeps the float32 state exact.
/// </summary>
public abstract class BitsAndBytesOptimizer : PerParameterOptimizer
{
    private readonly Dictionary<Tensor, int> bitOverrides = new(ReferenceEqualityComparer.Instance);
    private readonly string family;
    private readonly int stateCount;

    /// <summary>
    /// Creates the optimizer over <paramref name="groups"/>: <paramref name="family"/> names it ("AdamW" →
    /// "AdamW8bit"), <paramref name="stateCount"/> is the number of moments (1 or 2).
    /// </summary>
    protected BitsAndBytesOptimizer(IEnumerable<ParamGroup> groups, BitsAndBytesOptions options, string family, int stateCount)
        : base(groups, options)
    {
        this.family = family;
        this.stateCount = stateCount;
        OptimBits = options.OptimBits;
        Min8BitSize = options.Min8BitSize;
    }

    /// <inheritdoc/>
    public override string Name => $"{family}{OptimBits}bit";

    /// <summary>bitsandbytes stores <c>step</c> as a Python int, not a tensor.</summary>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    /// <summary>The optimizer-wide <c>optim_bits</c> (8 or 32).</summary>
    protected int OptimBits { get; }

    /// <summary>The optimizer-wide <c>min_8bit_size</c>.</summary>
    protected long Min8BitSize { get; }

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) =>
        BitsAndBytesState.EnsureCreated(parameter, state, stateCount, OptimBitsFor(parameter), Min8BitSize);

    /// <summary>
    /// Gives <paramref name="parameter"/> its own <c>optim_bits</c> (8 or 32) — <c>GlobalOptimManager.override_config(p,
    /// "optim_bits", 32)</c>. Takes effect when the parameter's state is created (before its first step).
    /// </summary>
    public void OverrideOptimBits(Tensor parameter, int optimBits)
    {
        ArgumentNullException.ThrowIfNull(parameter);
        if (optimBits is not (8 or 32)) throw new ArgumentOutOfRangeException(nameof(optimBits), optimBits, $"Invalid optim_bits: {optimBits} (must be 8 or 32)");
        if (!Parameters.Contains(parameter, ReferenceEqualityComparer.Instance))
            throw new ArgumentException("the tensor is not a parameter of this optimizer", nameof(parameter));
        bitOverrides[parameter] = optimBits;
    }

    /// <summary>The <c>optim_bits</c> that applies to <paramref name="parameter"/> (its override, else the optimizer's).</summary>
    public int OptimBitsFor(Tensor parameter) => bitOverrides.TryGetValue(parameter, out var bits) ? bits : OptimBits;

    /// <summary>
    /// A fused step over <paramref name="group"/>: the parameters whose state is 8-bit go to
    /// <paramref name="fusedStep"/> as one batch of <paramref name="entry"/>s (each entry builds the parameter's
    /// tensors after counting its step), then those with float32 state take <see cref="PerParameterOptimizer.Update"/>.
    /// </summary>
    protected bool StepEightBitFused<T>(ParamGroup group, Func<Tensor, Tensor, ParameterState, T> entry, Action<List<T>> fusedStep)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(entry);
        ArgumentNullException.ThrowIfNull(fusedStep);
        var eightBit = new List<T>(group.Parameters.Count);
        var thirtyTwoBit = new List<(Tensor Parameter, Tensor Gradient, ParameterState State)>();
        foreach (var parameter in group.Parameters)
        {
            var gradient = parameter.grad;
            if (gradient is null) continue;
            var state = GetOrCreateState(group, parameter);
            if (BitsAndBytesState.IsEightBit(state)) eightBit.Add(entry(parameter, gradient, state));
            else thirtyTwoBit.Add((parameter, gradient, state));
        }

        fusedStep(eightBit);
        foreach (var (parameter, gradient, state) in thirtyTwoBit) Update(group, parameter, gradient, state);
        return true;
    }

    /// <summary>
    /// Restores the state, then re-copies every float32 state tensor as saved: the base class casts floating state
    /// to the parameter's dtype (PyTorch's rule), but bitsandbytes keeps float32 moments and absmax even for
    /// bf16/fp16 parameters, and a resumed run must continue bit-identically. The per-parameter <c>qmap1</c> /
    /// <c>qmap2</c> entries of a state dict saved by bitsandbytes itself are dropped: here the maps are shared
    /// constants (<see cref="DynamicQuantizationMap"/>), identical to the saved ones.
    /// </summary>
    public override void LoadStateDict(IDictionary stateDict)
    {
        base.LoadStateDict(stateDict);
        if (!stateDict.Contains("state") || stateDict["state"] is not IDictionary saved) return;
        var parameters = Parameters.ToList();
        foreach (DictionaryEntry entry in saved)
        {
            var parameter = parameters[(int)Convert.ToInt64(entry.Key)];
            var state = GetState(parameter);
            if (state is null || entry.Value is not IDictionary values) continue;
            state.Remove("qmap1");
            state.Remove("qmap2");
            foreach (DictionaryEntry value in values)
            {
                if (value.Value is Tensor t && t.dtype == ScalarType.Float32 && state.TryTensor((string)value.Key) is { } restored && restored.dtype != ScalarType.Float32)
                    state.SetTensor((string)value.Key, t.to(ScalarType.Float32, copy: true));
            }
        }
    }
}
