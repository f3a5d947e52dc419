using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// GaLore's SVD projector (<c>galore_torch/galore_projector.py</c>, <c>GaLoreProjector</c>) for 2-D gradients.
/// <see cref="Project"/> refreshes the orthonormal basis from <c>torch.linalg.svd(G.float(), full_matrices=False)</c>
/// when the parameter has none yet or when the pre-increment step is a multiple of the update gap, and maps the
/// gradient into the rank-r subspace; <see cref="ProjectBack"/> maps a low-rank tensor back and multiplies by the
/// scale. The basis lives in the parameter's <see cref="ParameterState"/> (<c>ortho_matrix</c>; for
/// <see cref="GaLoreProjectionType.Full"/> also <c>ortho_matrix_right</c>) so it is saved and restored with the
/// optimizer state. Optimizer moments are never rotated when the basis changes — as upstream.
/// </summary>
public sealed class GaLoreProjector
{
    /// <summary>The state entry holding the basis (the right factor for <see cref="GaLoreProjectionType.Full"/> is <see cref="OrthoMatrixRight"/>).</summary>
    public const string OrthoMatrix = "ortho_matrix";

    /// <summary>The second state entry of a <see cref="GaLoreProjectionType.Full"/> projection (Vh[:r]); upstream keeps a list [U[:, :r], Vh[:r]].</summary>
    public const string OrthoMatrixRight = "ortho_matrix_right";

    /// <summary>Creates a projector; the rank is clamped to min(m, n) by slicing, as upstream.</summary>
    public GaLoreProjector(long rank, long updateProjGap, double scale, GaLoreProjectionType type)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(rank, 1, nameof(rank));
        ArgumentOutOfRangeException.ThrowIfLessThan(updateProjGap, 1, nameof(updateProjGap));
        if (!double.IsFinite(scale)) throw new ArgumentOutOfRangeException(nameof(scale), scale, "scale must be finite");
        Rank = rank;
        UpdateProjGap = updateProjGap;
        Scale = scale;
        Type = type;
    }

    /// <summary>The requested rank r.</summary>
    public long Rank { get; }

    /// <summary>The basis is recomputed every this many steps (T).</summary>
    public long UpdateProjGap { get; }

    /// <summary>The factor α applied by <see cref="ProjectBack"/>.</summary>
    public double Scale { get; }

    /// <summary>Which side(s) the gradient is projected on.</summary>
    public GaLoreProjectionType Type { get; }

    /// <summary>The projector a low-rank group describes (keys <c>rank</c>, <c>update_proj_gap</c>, <c>scale</c>, <c>proj_type</c>).</summary>
    public static GaLoreProjector FromGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return new GaLoreProjector((long)group["rank"], (long)group["update_proj_gap"], group["scale"], ParseType(group.GetValue("proj_type")));
    }

    /// <summary>True when the group is projected (upstream: <c>"rank" in group</c>).</summary>
    public static bool IsLowRank(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        return group.ContainsKey("rank");
    }

    /// <summary>
    /// Checks a low-rank group's keys: <c>rank</c> and <c>update_proj_gap</c> positive integers, <c>scale</c> finite,
    /// <c>proj_type</c> one of std, reverse_std, right, left, full. Groups without <c>rank</c> pass.
    /// </summary>
    public static void ValidateGroup(ParamGroup group)
    {
        ArgumentNullException.ThrowIfNull(group);
        if (!IsLowRank(group)) return;
        PositiveInteger(group, "rank");
        PositiveInteger(group, "update_proj_gap");
        var scale = group["scale"];
        if (!double.IsFinite(scale)) throw new ArgumentOutOfRangeException("scale", scale, $"Invalid scale: {scale} (must be finite)");
        ParseType(group.GetValue("proj_type"));
        foreach (var p in group.Parameters)
            if (p.dim() != 2)
                throw new ArgumentException($"GaLore projects 2-D weights only; a parameter of shape [{string.Join(", ", p.shape)}] is in a group with 'rank' (the Trainer targets Linear weights)", nameof(group));
    }

    /// <summary>Parses <c>proj_type</c>; anything else is an <see cref="ArgumentOutOfRangeException"/> naming the value.</summary>
    public static GaLoreProjectionType ParseType(object? value) => value switch
    {
        "std" => GaLoreProjectionType.Std,
        "reverse_std" => GaLoreProjectionType.ReverseStd,
        "right" => GaLoreProjectionType.Right,
        "left" => GaLoreProjectionType.Left,
        "full" => GaLoreProjectionType.Full,
        _ => throw new ArgumentOutOfRangeException("proj_type", value, $"Invalid proj_type: '{value}' (must be std, reverse_std, right, left or full)"),
    };

    /// <summary>
    /// The shape of the projected gradient (and of the moments kept for it) for an m×n parameter: m×r' (right
    /// projection), r'×n (left) or r'×r' (full), with r' = min(r, m, n).
    /// </summary>
    public long[] LowRankShape(long[] shape)
    {
        ArgumentNullException.ThrowIfNull(shape);
        if (shape.Length != 2) throw new ArgumentException($"GaLore projects 2-D tensors, got shape [{string.Join(", ", shape)}]", nameof(shape));
        var (m, n) = (shape[0], shape[1]);
        var r = Math.Min(Rank, Math.Min(m, n));
        return Side(m, n) switch
        {
            ProjectionSide.Right => [m, r],
            ProjectionSide.Left => [r, n],
            _ => [r, r],
        };
    }

    /// <summary>
    /// Projects <paramref name="fullRankGrad"/> (m×n) into the low-rank space, first refreshing the basis in
    /// <paramref name="state"/> when it has none or <paramref name="iteration"/> (the step count before this step's
    /// increment) is a multiple of <see cref="UpdateProjGap"/>. The result is a new tensor in the caller's scope.
    /// </summary>
    public Tensor Project(Tensor fullRankGrad, long iteration, ParameterState state)
    {
        ArgumentNullException.ThrowIfNull(fullRankGrad);
        ArgumentNullException.ThrowIfNull(state);
        var (m, n) = (fullRankGrad.size(0), fullRankGrad.size(1));
        var side = Side(m, n);
        if (!state.Contains(OrthoMatrix) || iteration % UpdateProjGap == 0) Refresh(fullRankGrad, side, state);
        var basis = state.Tensor(OrthoMatrix);
        return side switch
        {
            ProjectionSide.Right => fullRankGrad.matmul(basis.t()),
            ProjectionSide.Left => basis.t().matmul(fullRankGrad),
            _ => basis.t().matmul(fullRankGrad).matmul(state.Tensor(OrthoMatrixRight).t()),
        };
    }

    /// <summary>
    /// Maps a low-rank tensor back to the parameter's shape and multiplies by <see cref="Scale"/>. As upstream, the
    /// side is re-derived from <paramref name="lowRankGrad"/>'s shape for std / reverse_std, not remembered.
    /// </summary>
    public Tensor ProjectBack(Tensor lowRankGrad, ParameterState state)
    {
        ArgumentNullException.ThrowIfNull(lowRankGrad);
        ArgumentNullException.ThrowIfNull(state);
        var basis = state.Tensor(OrthoMatrix);
        var (rows, columns) = (lowRankGrad.size(0), lowRankGrad.size(1));
        var full = Type switch
        {
            GaLoreProjectionType.Std => rows >= columns ? lowRankGrad.matmul(basis) : basis.matmul(lowRankGrad),
            GaLoreProjectionType.ReverseStd => rows <= columns ? basis.matmul(lowRankGrad) : lowRankGrad.matmul(basis),
            GaLoreProjectionType.Right => lowRankGrad.matmul(basis),
            GaLoreProjectionType.Left => basis.matmul(lowRankGrad),
            _ => basis.matmul(lowRankGrad).matmul(state.Tensor(OrthoMatrixRight)),
        };
        return full.mul_(Scalars.Keep(Scale));
    }

    private enum ProjectionSide { Right, Left, Both }

    private ProjectionSide Side(long m, long n) => Type switch
    {
        GaLoreProjectionType.Std => m >= n ? ProjectionSide.Right : ProjectionSide.Left,
        GaLoreProjectionType.ReverseStd => m >= n ? ProjectionSide.Left : ProjectionSide.Right,
        GaLoreProjectionType.Right => ProjectionSide.Right,
        GaLoreProjectionType.Left => ProjectionSide.Left,
        _ => ProjectionSide.Both,
    };

    // get_orthogonal_matrix: SVD in float32 (a float32 gradient is used as is), slice the rank, cast back to the
    // gradient's dtype. The slices are copied so the state owns r×n (or m×r) values, not the whole factor.
    private void Refresh(Tensor gradient, ProjectionSide side, ParameterState state)
    {
        var matrix = gradient.dtype == ScalarType.Float32 ? gradient : gradient.@float();
        var (u, _, vh) = torch.linalg.svd(matrix, fullMatrices: false);
        var r = Math.Min(Rank, u.size(1));
        Tensor Own(Tensor slice) => slice.contiguous().to(gradient.dtype, copy: true);
        switch (side)
        {
            case ProjectionSide.Right:
                state.SetTensor(OrthoMatrix, Own(vh.slice(0, 0, r, 1)));
                break;
            case ProjectionSide.Left:
                state.SetTensor(OrthoMatrix, Own(u.slice(1, 0, r, 1)));
                break;
            default:
                state.SetTensor(OrthoMatrix, Own(u.slice(1, 0, r, 1)));
                state.SetTensor(OrthoMatrixRight, Own(vh.slice(0, 0, r, 1)));
                break;
        }
    }

    private static void PositiveInteger(ParamGroup group, string key)
    {
        var v = group[key];
        if (!(v >= 1) || v != Math.Floor(v) || double.IsInfinity(v))
            throw new ArgumentOutOfRangeException(key, v, $"Invalid {key}: {v} (must be an integer >= 1)");
    }
}
