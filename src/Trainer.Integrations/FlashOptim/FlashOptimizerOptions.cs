using System.Globalization;
using Training.Optim;

namespace Training.Integrations;

/// <summary>
/// The options every FlashOptim optimizer shares (<c>FlashOptimizer.__init__</c>). CPU defaults differ from upstream's
/// CUDA defaults: <see cref="Quantize"/> is false (int8 states are a Triton kernel upstream and are not ported) and
/// <see cref="Fused"/> is accepted but ignored (the eager arithmetic is the CPU implementation).
/// </summary>
public abstract record FlashOptimizerOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;

    /// <summary>Int8 optimizer states (CUDA-only upstream); must be false here.</summary>
    public bool Quantize { get; init; }

    /// <summary>Store quantized states in <c>state_dict</c>; no effect without <see cref="Quantize"/>.</summary>
    public bool CompressStateDict { get; init; }

    /// <summary>Effective master-weight width for bf16/fp16 parameters: 24 (int8 error bits), 32 (int16) or null (none).</summary>
    public int? MasterWeightBits { get; init; } = 24;

    /// <summary>Raise <see cref="FlashNumericsException"/> when the learning rate is too small to move the largest weight.</summary>
    public bool CheckNumerics { get; init; }

    /// <summary>Upstream's Triton kernel switch; accepted and ignored (the eager path is the CPU implementation).</summary>
    public bool Fused { get; init; }

    /// <summary>The learning rate, declared once for the family (every FlashOptim class takes it first).</summary>
    protected static OptionsSchema<FlashOptimizerOptions> LearningRateField { get; } = new("FlashOptimizer", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
    ]);

    /// <summary>The keys every FlashOptim class takes after its own, in upstream's order.</summary>
    protected static OptionsSchema<FlashOptimizerOptions> CommonFields { get; } = new("FlashOptimizer", f =>
    [
        f.Flag("quantize", o => o.Quantize, (o, v) => o with { Quantize = v }),
        f.Flag("compress_state_dict", o => o.CompressStateDict, (o, v) => o with { CompressStateDict = v }),
        f.OptionalInteger("master_weight_bits", o => o.MasterWeightBits, (o, v) => o with { MasterWeightBits = (int?)v }),
        f.Flag("check_numerics", o => o.CheckNumerics, (o, v) => o with { CheckNumerics = v }),
        f.Flag("fused", o => o.Fused, (o, v) => o with { Fused = v }),
    ]);

    /// <summary>Checks the shared keys: lr ≥ 0, quantize false, master_weight_bits ∈ {None, 24, 32}.</summary>
    protected static void ValidateCommon(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        HyperParameters.LearningRate(group);
        if (group.ContainsKey("quantize") && group.GetFlag("quantize"))
            throw new ArgumentOutOfRangeException("quantize", true,
                "Invalid quantize: True (FlashOptim's int8 state quantisation is a CUDA/Triton kernel and is not available on CPU; use quantize=False)");
        _ = MasterWeightBitsOf(group);
    }

    /// <summary>The group's <c>master_weight_bits</c> (null when absent or None); anything but 24/32/None is rejected.</summary>
    public static int? MasterWeightBitsOf(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!group.ContainsKey("master_weight_bits")) return null;
        return group.GetValue("master_weight_bits") switch
        {
            null => null,
            double d when d is 24 or 32 => (int)d,
            var other => throw new ArgumentOutOfRangeException("master_weight_bits", other,
                $"Invalid master_weight_bits: {Convert.ToString(other, CultureInfo.InvariantCulture)} (must be one of None, 24, 32)"),
        };
    }

    /// <summary>Both betas must lie in [0, 1] (upstream accepts 1.0).</summary>
    protected static void ValidateBetas(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        var (b1, b2) = group.GetPair("betas");
        if (!(b1 >= 0 && b1 <= 1)) throw new ArgumentOutOfRangeException("betas", b1, $"Invalid beta parameter at index 0: {b1.ToString("R", CultureInfo.InvariantCulture)} (must be in [0, 1])");
        if (!(b2 >= 0 && b2 <= 1)) throw new ArgumentOutOfRangeException("betas", b2, $"Invalid beta parameter at index 1: {b2.ToString("R", CultureInfo.InvariantCulture)} (must be in [0, 1])");
    }
}
