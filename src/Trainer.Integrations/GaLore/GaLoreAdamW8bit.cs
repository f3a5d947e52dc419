using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// GaLore's 8-bit AdamW (<c>galore_torch/adamw8bit.py</c>): for a parameter of a group with a <c>rank</c> key, the
/// gradient is projected (R), one bitsandbytes Adam step is applied to a zero placeholder shaped like R with weight
/// decay 0 (so the placeholder ends up holding the Adam delta), the delta is projected back (×scale) and added, and
/// finally p ← p − lr·wd·p. Other parameters take a plain bitsandbytes step. The low-rank moments are blockwise 8-bit
/// when R has at least <c>min_8bit_size</c> elements. State: <c>step</c>, <c>state1</c>, <c>state2</c>
/// (+ <c>absmax1</c>, <c>absmax2</c>), <c>ortho_matrix</c>.
/// </summary>
/// <remarks>
/// Upstream passes bitsandbytes' arguments positionally; since bitsandbytes removed two parameters (Feb 2026),
/// <c>percentile_clipping=100</c> lands in <c>max_unorm</c>, and for float32 low-rank state the update is then scaled by
/// the norm of the zero placeholder — the target weights are never updated, only decayed. This port does what GaLore
/// was written for (no update-norm clipping), which is also what the 8-bit branch does upstream.
/// </remarks>
public sealed class GaLoreAdamW8bit : BitsAndBytesOptimizer
{
    /// <summary>
    /// Creates the optimizer over groups (low-rank groups carry rank, update_proj_gap, scale, proj_type). The options
    /// are bitsandbytes AdamW's (note the class default weight decay 1e-2, which applies under the Trainer, as it passes
    /// lr only); without options, GaLore's 8-bit state.
    /// </summary>
    public GaLoreAdamW8bit(IEnumerable<ParamGroup> groups, BitsAndBytesAdamWOptions? options = null)
        : base(groups, options ?? Defaults8Bit, "AdamW", 2)
    {
    }

    /// <summary>GaLore's class defaults: bitsandbytes AdamW with 8-bit state.</summary>
    public static BitsAndBytesAdamWOptions Defaults8Bit { get; } = new() { OptimBits = 8 };

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        base.ValidateGroup(group);
        GaLoreProjector.ValidateGroup(group);
    }

    /// <summary>
    /// Low-rank state takes the projected gradient's shape, known from the group before the first gradient (8-bit when
    /// that shape has at least <c>min_8bit_size</c> elements); the basis <c>ortho_matrix</c> comes from the first gradient.
    /// </summary>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        if (!GaLoreProjector.IsLowRank(group))
        {
            base.InitializeState(group, parameter, state);
            return;
        }

        using var lowRank = torch.zeros(GaLoreProjector.FromGroup(group).LowRankShape(parameter.shape), parameter.dtype);
        BitsAndBytesState.EnsureCreated(lowRank, state, 2, OptimBitsFor(parameter), Min8BitSize);
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var lr = group.LearningRate;
        var weightDecay = group["weight_decay"];
        if (!GaLoreProjector.IsLowRank(group))
        {
            BitsAndBytesAdamUpdate.Apply(parameter, gradient, state, new BitsAndBytesAdamSettings(
                lr, beta1, beta2, group["eps"], weightDecay, OptimBitsFor(parameter), Min8BitSize));
            return;
        }

        var projector = GaLoreProjector.FromGroup(group);
        // The basis is refreshed on the step count before this step's increment (0 on the first step).
        var lowRank = projector.Project(gradient, (long)state.Step, state);
        var delta = torch.zeros_like(lowRank);
        BitsAndBytesAdamUpdate.Apply(delta, lowRank, state, new BitsAndBytesAdamSettings(
            lr, beta1, beta2, group["eps"], 0.0, OptimBitsFor(parameter), Min8BitSize));
        parameter.add_(projector.ProjectBack(delta, state));
        if (weightDecay > 0) parameter.add_(parameter, Scalars.Keep(-lr * weightDecay));
    }
}
