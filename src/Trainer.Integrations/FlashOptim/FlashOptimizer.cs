using System.Collections;
using System.Globalization;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// Base of the FlashOptim ports (<c>databricks/flashoptim</c> <c>FlashOptimizer</c>, eager path): every update runs in
/// float32 on a master copy of the parameter — the parameter itself when it is float32; for bf16/fp16 parameters the
/// value reconstructed from the narrow parameter and its <c>error_bits</c> (<see cref="MasterWeightCorrection"/>), or
/// simply the widened parameter when <c>master_weight_bits</c> is None — and the result is rounded (to nearest even)
/// back into the parameter, with fresh error bits. Optimizer states are kept at the parameter's dtype (upstream's
/// unquantised storage) and updated in float32.
/// </summary>
/// <remarks>
/// Upstream's <c>state_dict()</c> writes states as bf16 and error bits cast to the parameter dtype; here the state
/// dict holds the exact state (a resumed run continues bit-identically). Parameters must be float32, bfloat16 or float16.
/// </remarks>
public abstract class FlashOptimizer : PerParameterOptimizer
{
    /// <summary>The state entry holding the master-weight error bits.</summary>
    public const string ErrorBits = "error_bits";

    private readonly Dictionary<Tensor, double> maxAbs = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates the optimizer; every group gets <c>initial_lr</c> (its own lr) unless it has one.</summary>
    protected FlashOptimizer(IEnumerable<ParamGroup> groups, FlashOptimizerOptions options) : base(groups, options)
    {
        foreach (var group in ParamGroups)
        {
            // Upstream puts the constructor's lr into every group's initial_lr; a group's own lr is the intended base
            // for decouple_lr, so that is used when the group sets one.
            if (!group.ContainsKey("initial_lr")) group["initial_lr"] = group.LearningRate;
            foreach (var p in group.Parameters)
            {
                if (p.dtype is not (ScalarType.Float32 or ScalarType.BFloat16 or ScalarType.Float16))
                    throw new ArgumentException($"{Name} optimizes float32, bfloat16 or float16 parameters, not {p.dtype}");
            }
        }
    }

    /// <summary>
    /// The smallest step relative to lr the numerics check assumes (upstream: 1 for SGD and Lion, 0.1 for Adam).
    /// </summary>
    protected virtual double MinStepRelativeToLearningRate => 1.0;

    /// <summary>The names of the zero-initialised state tensors (at the parameter's dtype) of a parameter in <paramref name="group"/>.</summary>
    protected abstract IEnumerable<string> StateTensorNames(ParamGroup group);

    /// <summary>The float32 update of one parameter: <paramref name="master"/> is updated in place.</summary>
    /// <param name="group">The parameter's group.</param>
    /// <param name="master">The float32 master value (the parameter itself when it is float32).</param>
    /// <param name="gradient">The float32 gradient; may alias the parameter's gradient, so never modify it in place.</param>
    /// <param name="state">The parameter's state; read and write its tensors through <see cref="ReadState"/> / <see cref="WriteState"/>.</param>
    protected abstract void UpdateMaster(ParamGroup group, Tensor master, Tensor gradient, ParameterState state);

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        foreach (var name in StateTensorNames(group)) state.SetTensor(name, torch.zeros_like(parameter));
        if (FlashOptimizerOptions.MasterWeightBitsOf(group) is int bits && MasterWeightCorrection.Supports(parameter.dtype))
            state.SetTensor(ErrorBits, torch.zeros(parameter.shape, MasterWeightCorrection.ErrorType(bits)));
    }

    /// <inheritdoc/>
    protected sealed override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        if (parameter.numel() == 0) return;
        if (group.ContainsKey("check_numerics") && group.GetFlag("check_numerics")) CheckNumerics(group, parameter);
        var errorBits = state.TryTensor(ErrorBits);
        var narrow = parameter.dtype != ScalarType.Float32;
        var master = !narrow ? parameter
            : errorBits is null ? parameter.to(ScalarType.Float32, copy: true)
            : MasterWeightCorrection.Reconstruct(parameter, errorBits);
        UpdateMaster(group, master, gradient.to(ScalarType.Float32), state);
        if (!narrow) return;
        parameter.copy_(master);
        if (errorBits is not null) errorBits.copy_(MasterWeightCorrection.Encode(master, parameter, errorBits.dtype));
    }

    /// <summary>A state tensor as float32 (the tensor itself when it is stored as float32).</summary>
    protected static Tensor ReadState(ParameterState state, string name)
    {
        ArgumentNullException.ThrowIfNull(state);
        var stored = state.Tensor(name);
        return stored.dtype == ScalarType.Float32 ? stored : stored.to(ScalarType.Float32);
    }

    /// <summary>Stores a float32 value computed from <see cref="ReadState"/> back at the state's dtype (round to nearest even).</summary>
    protected static void WriteState(ParameterState state, string name, Tensor value)
    {
        ArgumentNullException.ThrowIfNull(state);
        var stored = state.Tensor(name);
        if (!ReferenceEquals(stored, value)) stored.copy_(value);
    }

    /// <summary>Decoupled decay factor wd·lr, or wd·lr/initial_lr with <c>decouple_lr</c>.</summary>
    protected static double DecoupledDecay(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var weightDecay = group["weight_decay"];
        var decoupleLr = group.ContainsKey("decouple_lr") && group.GetFlag("decouple_lr");
        return decoupleLr ? weightDecay * (group.LearningRate / group["initial_lr"]) : weightDecay * group.LearningRate;
    }

    /// <inheritdoc/>
    public override void LoadStateDict(IDictionary stateDict)
    {
        base.LoadStateDict(stateDict);
        // Upstream recomputes the cached parameter statistics after loading.
        maxAbs.Clear();
    }

    /// <summary>Re-measures every parameter's largest magnitude for the numerics check (upstream <c>recompute_param_stats</c>).</summary>
    public void RecomputeParamStats()
    {
        maxAbs.Clear();
        using var scope = torch.NewDisposeScope();
        foreach (var p in Parameters) maxAbs[p] = MaxAbs(p);
    }

    private static double MaxAbs(Tensor p) => p.numel() == 0 ? 0 : p.detach().abs().max().to(ScalarType.Float64).ReadDouble();

    private void CheckNumerics(ParamGroup group, Tensor parameter)
    {
        var lr = group.LearningRate;
        if (lr == 0) return;
        if (!maxAbs.TryGetValue(parameter, out var largest)) maxAbs[parameter] = largest = MaxAbs(parameter);
        if (!(largest > 0) || double.IsInfinity(largest)) return;
        var (width, exponentBits) = parameter.dtype switch
        {
            ScalarType.Float16 => (2, 5),
            ScalarType.BFloat16 => (2, 8),
            _ => (4, 8),
        };
        var masterBytes = FlashOptimizerOptions.MasterWeightBitsOf(group) is int bits ? bits / 8 : 0;
        var effectiveBits = Math.Max(width, masterBytes) * 8;
        var mantissaBits = effectiveBits - 1 - exponentBits + Math.Log2(0.49);
        var needed = Math.Floor(Math.Log2(largest)) - mantissaBits;
        var guaranteed = Math.Log2(lr * MinStepRelativeToLearningRate);
        if (needed > guaranteed)
            throw new FlashNumericsException(string.Format(CultureInfo.InvariantCulture,
                "Learning rate {0:G3} yields steps that may be too small to alter the weights for dtype {1} with master_weight_bits={2} " +
                "and weight maximum absolute value {3} (min step size {4:G5} < resolution {5:G5}). Increase the learning rate or " +
                "master_weight_bits, or set check_numerics=False.",
                lr, parameter.dtype, effectiveBits, largest, Math.Pow(2, guaranteed), Math.Pow(2, needed)));
    }
}
