using System.Collections;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// GaLore Adafactor (<c>galore_torch/adafactor.py</c>): Transformers' Adafactor (<see cref="Adafactor"/>, same
/// defaults and options) where a group with a <c>rank</c> key runs on the projected gradient R. The factored second
/// moment is over R's shape, <c>RMS</c> is the RMS of the full parameter, the clipped update (and the optional β1
/// average) live in the low-rank space and are projected back (×scale); weight decay p ← p − wd·lr·p is applied to
/// the pre-update parameter, then the update is subtracted. Groups without <c>rank</c> are plain Adafactor.
/// State: <c>step</c> (int), <c>RMS</c>, <c>exp_avg_sq_row</c>/<c>exp_avg_sq_col</c> (or <c>exp_avg_sq</c>),
/// <c>exp_avg</c> (with beta1), <c>ortho_matrix</c>.
/// </summary>
public class GaLoreAdafactor : Adafactor
{
    /// <summary>Creates GaLore Adafactor over groups (low-rank groups carry rank, update_proj_gap, scale, proj_type).</summary>
    public GaLoreAdafactor(IEnumerable<ParamGroup> groups, AdafactorOptions? options = null) : base(groups, options) { }

    /// <inheritdoc/>
    protected override void ValidateGroup(ParamGroup group)
    {
        base.ValidateGroup(group);
        GaLoreProjector.ValidateGroup(group);
    }

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        if (!GaLoreProjector.IsLowRank(group))
        {
            base.InitializeState(group, parameter, state);
            return;
        }

        // Low-precision gradients are upcast before projection, so the low-rank state is float32 for them.
        var shape = GaLoreProjector.FromGroup(group).LowRankShape(parameter.shape);
        var type = IsLowPrecision(parameter) ? ScalarType.Float32 : parameter.dtype;
        state.Step = 0;
        if (group.GetValue("beta1") is not null) state.SetTensor("exp_avg", torch.zeros(shape, type));
        state.SetTensor("exp_avg_sq_row", torch.zeros(shape[..^1], type));
        state.SetTensor("exp_avg_sq_col", torch.zeros([.. shape[..^2], shape[^1]], type));
        state.SetScalar("RMS", 0);
    }

    /// <summary>A low-rank group's gradient projected to R (with the pre-increment step, as upstream); others unchanged.</summary>
    protected override Tensor ProjectGradient(ParamGroup group, Tensor gradient, ParameterState state) =>
        GaLoreProjector.IsLowRank(group) ? GaLoreProjector.FromGroup(group).Project(gradient, (long)state.Step, state) : gradient;

    /// <summary>A low-rank group's update projected back (×scale); others unchanged.</summary>
    protected override Tensor ProjectBack(ParamGroup group, Tensor update, ParameterState state) =>
        GaLoreProjector.IsLowRank(group) ? GaLoreProjector.FromGroup(group).ProjectBack(update, state) : update;

    /// <summary>
    /// Restores a state dict. The base casts loaded floating-point state to the parameter's dtype, as PyTorch does; the
    /// state of a bfloat16/float16 parameter is float32 here (the gradient is upcast before projection), so it is
    /// taken again from the saved float32 values: a resumed run continues bit-identically. Upstream differs slightly:
    /// its moments make one lossy trip through the parameter's dtype on load (then <c>.to(grad)</c> restores float32)
    /// while the basis, inside a pickled projector object, is never cast.
    /// </summary>
    public override void LoadStateDict(IDictionary stateDict)
    {
        base.LoadStateDict(stateDict);
        var saved = stateDict["state"] as IDictionary;
        var index = 0L;
        foreach (var parameter in Parameters)
        {
            var id = index++;
            if (!IsLowPrecision(parameter) || GetState(parameter) is not { } state || saved is null) continue;
            if (FindEntries(saved, id) is not { } entries) continue;
            foreach (DictionaryEntry entry in entries)
                if (entry.Value is Tensor { dtype: ScalarType.Float32, shape.Length: > 0 } original && state.TryTensor((string)entry.Key) is not null)
                    state.SetTensor((string)entry.Key, original.clone());
        }
    }

    private static IDictionary? FindEntries(IDictionary saved, long id)
    {
        foreach (DictionaryEntry entry in saved)
            if (Convert.ToInt64(entry.Key, System.Globalization.CultureInfo.InvariantCulture) == id) return entry.Value as IDictionary;
        return null;
    }
}
