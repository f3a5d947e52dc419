using Training.Optim;

namespace Training.Integrations;

/// <summary>
/// The registry entries of the GaLore family (Transformers' <c>optim</c> names). As Transformers' handler, the
/// constructor gets the learning rate only — betas, ε and weight decay keep the class defaults (Training:WeightDecay
/// does not reach these optimizers) — and the groups are <c>[non-target], [target Linear weights + rank,
/// update_proj_gap, scale, proj_type]</c> from Training:OptimTargetModules, with the four keys bound from OptimArgs
/// (<see cref="LowRankArguments.GaLore"/>; other keys are ignored, as upstream).
/// </summary>
public static class GaLoreEntries
{
    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        // State per element of a 1024×1024 target weight at rank 128: AdamW moments m×r twice + basis r×n,
        // (8mr + 4rn)/(mn) = 1.5 bytes; Adafactor row/column factors + basis, (4(m+r) + 4rn)/(mn) ≈ 0.504.
        new("galore_adamw",
            "GaLore AdamW (HF legacy AdamW, eps 1e-6, wd 0) on SVD-projected gradients of OptimTargetModules' Linear weights; state bytes for a 1024x1024 weight at rank 128: (8mr+4rn)/(mn) = 1.5",
            1.5, LowRankArguments.GaLore, (r, a, _) => new GaLoreAdamW(LowRankArguments.Groups(r, a, "galore_adamw"), new GaLoreAdamWOptions { LearningRate = r.LearningRate })),
        new("galore_adafactor",
            "GaLore Adafactor (scale_parameter=False, relative_step=False) on SVD-projected gradients of OptimTargetModules' Linear weights; state bytes for a 1024x1024 weight at rank 128: (4(m+r)+4rn)/(mn) = 0.504",
            0.504, LowRankArguments.GaLore, (r, a, _) => new GaLoreAdafactor(LowRankArguments.Groups(r, a, "galore_adafactor"), AdafactorFor(r))),
        // Transformers passes lr only: bitsandbytes' class defaults apply, including weight decay 1e-2.
        new("galore_adamw_8bit",
            "GaLore AdamW with bitsandbytes 8-bit blockwise low-rank moments (class default weight decay 1e-2, as upstream); state bytes for a 1024x1024 weight at rank 128: (2mr + 8mr/256 + 4rn)/(mn) = 0.754",
            EightBitStateBytes, LowRankArguments.GaLore, (r, a, _) => new GaLoreAdamW8bit(LowRankArguments.Groups(r, a, "galore_adamw_8bit"), GaLoreAdamW8bit.Defaults8Bit with { LearningRate = r.LearningRate })),
    ];

    /// <summary>State bytes of galore_adamw_8bit per element of a 1024×1024 weight at rank 128: 8-bit moments + absmax + basis.</summary>
    public const double EightBitStateBytes = 0.754;

    /// <summary>What Transformers passes GaLoreAdafactor for <c>galore_adafactor</c>: lr, scale_parameter=False, relative_step=False.</summary>
    internal static AdafactorOptions AdafactorFor(OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new AdafactorOptions { LearningRate = request.LearningRate, ScaleParameter = false, RelativeStep = false };
    }
}
