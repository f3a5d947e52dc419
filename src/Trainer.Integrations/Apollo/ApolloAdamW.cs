using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// APOLLO (Zhu et al. 2024, "APOLLO: SGD-like Memory, AdamW-level Performance"): Adam moments of a random
/// low-rank projection R of the gradient estimate a per-channel (or per-tensor) scale s = ‖N‖/‖R‖ of the Adam
/// direction N; the full-rank raw gradient is scaled by s, its norm growth limited to 1.01× per step, multiplied
/// by sqrt(scale) and applied with the bias-corrected step size. Groups without <c>rank</c> run Hugging Face's
/// legacy AdamW. State per projected weight: <c>exp_avg</c>, <c>exp_avg_sq</c> (low-rank), <c>ortho_matrix</c> (the
/// Gaussian projection P), <c>param_seed</c>, <c>projector_next_seed</c> (exact int64), <c>scaled_grad_norm</c>.
/// </summary>
public sealed class ApolloAdamW : PerParameterOptimizer
{
    private readonly Dictionary<Tensor, long> seeds = new(ReferenceEqualityComparer.Instance);

    /// <summary>Creates APOLLO over groups (low-rank keys on the groups to project).</summary>
    public ApolloAdamW(IEnumerable<ParamGroup> groups, ApolloAdamWOptions? options = null) : base(groups, options ?? new ApolloAdamWOptions())
    {
        // The reference numbers every parameter 1-based over all groups at construction (the counter advances for
        // frozen parameters too); the number seeds the parameter's first projection.
        long position = 0;
        foreach (var p in Parameters) seeds[p] = ++position;
    }

    /// <inheritdoc/>
    public override string Name => "APOLLOAdamW";

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        state.SetInteger("param_seed", seeds[parameter]);
        state.Step = 0;
        // The moments have the projected gradient's shape, known from the group before the first gradient (so
        // Preinitialize allocates them and a checkpoint's moments are checked against it); the projection is drawn by
        // the first step, from the seed.
        if (MomentShape(group, parameter.shape) is { } shape)
        {
            state.SetTensor("exp_avg", torch.zeros(shape, parameter.dtype));
            state.SetTensor("exp_avg_sq", torch.zeros(shape, parameter.dtype));
        }
    }

    // R's shape: G·Pᵀ is m×rank (m ≥ n), Pᵀ·G rank×n (m < n), GaLore's shape for proj="svd"; the parameter's without
    // rank. Null for a non-2-D parameter in a rank group, which the first update refuses with its own error.
    private static long[]? MomentShape(ParamGroup group, long[] shape)
    {
        if (!group.ContainsKey("rank")) return shape;
        if (shape.Length != 2) return null;
        var rank = (long)group["rank"];
        if ((string?)group.GetValue("proj") == "svd")
            return new GaLoreProjector(rank, (long)group["update_proj_gap"], 1.0, GaLoreProjectionType.Std).LowRankShape(shape);
        return shape[0] >= shape[1] ? [shape[0], rank] : [rank, shape[1]];
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        var lr = group.LearningRate;
        state.Step += 1;
        var t = state.Step;
        var projected = group.ContainsKey("rank");
        Tensor low = gradient;
        if (projected)
        {
            if (parameter.dim() != 2)
                throw new ArgumentException($"APOLLO projects 2-D weights only; a parameter of shape [{string.Join(", ", parameter.shape)}] is in a group with 'rank'");
            low = Project(group, gradient, state, (long)(t - 1));
        }

        var expAvg = state.TryTensor("exp_avg") ?? state.SetTensor("exp_avg", torch.zeros_like(low));
        var expAvgSq = state.TryTensor("exp_avg_sq") ?? state.SetTensor("exp_avg_sq", torch.zeros_like(low));
        expAvg.mul_(Scalars.Keep(beta1)).add_(low, Scalars.Keep(1 - beta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(low, low, Scalars.Keep(1 - beta2));
        var direction = expAvg.div(expAvgSq.sqrt().add_(Scalars.Keep(group["eps"])));
        var stepSize = group.GetFlag("correct_bias") ? lr * Math.Sqrt(1 - Math.Pow(beta2, t)) / (1 - Math.Pow(beta1, t)) : lr;

        if (projected) direction = ScaledGradient(group, gradient, low, direction, state);
        parameter.add_(direction, Scalars.Keep(-stepSize));
        var weightDecay = group["weight_decay"];
        // Decay after the update, on the updated parameter (the reference's order).
        if (weightDecay > 0) parameter.add_(parameter, Scalars.Keep(-lr * weightDecay));
    }

    // R = G·Pᵀ (m ≥ n) or Pᵀ·G (m < n) with a Gaussian P refreshed at iter % T == 0 from the advancing seed;
    // proj="svd" takes P from the gradient's SVD instead (GaLore's projector, which APOLLO's svd_projector copies).
    private static Tensor Project(ParamGroup group, Tensor gradient, ParameterState state, long iteration)
    {
        var rank = (long)group["rank"];
        var gap = (long)group["update_proj_gap"];
        if ((string?)group.GetValue("proj") == "svd")
            return new GaLoreProjector(rank, gap, 1.0, GaLoreProjectionType.Std).Project(gradient, iteration, state);
        var (m, n) = (gradient.shape[0], gradient.shape[1]);
        if (state.TryTensor("ortho_matrix") is null || iteration % gap == 0)
        {
            var seed = state.Contains("projector_next_seed") ? state.Integer("projector_next_seed") : state.Integer("param_seed");
            using (var generator = new Generator((ulong)seed))
            {
                long[] shape = m >= n ? [rank, n] : [m, rank];
                using var draw = torch.randn(shape, ScalarType.Float32, generator: generator);
                state.SetTensor("ortho_matrix", draw.div(Scalars.Keep(Math.Sqrt(rank))).to(gradient.dtype));
            }

            state.SetInteger("projector_next_seed", NextSeed(seed));
        }

        var p = state.Tensor("ortho_matrix");
        return m >= n ? gradient.matmul(p.t()) : p.t().matmul(gradient);
    }

    /// <summary>The reference's <c>next_seed</c>: the last of 15 int64 draws in [0, 2^63 − 1) from a CPU generator seeded with <paramref name="seed"/>.</summary>
    public static long NextSeed(long seed)
    {
        using var generator = new Generator((ulong)seed);
        using var draws = torch.randint(0, long.MaxValue, [15], ScalarType.Int64, generator: generator);
        using var last = draws[14];
        return last.ReadInt64();
    }

    private static Tensor ScaledGradient(ParamGroup group, Tensor gradient, Tensor low, Tensor direction, ParameterState state)
    {
        var (m, n) = (gradient.shape[0], gradient.shape[1]);
        Tensor factor;
        if ((string)group.GetValue("scale_type")! == "channel")
        {
            var dim = m < n ? 0 : 1;
            factor = direction.norm(dim).div(low.norm(dim).add_(Scalars.Keep(1e-8)));
            // m ≥ n: one factor per output row; m < n: one per column (broadcasts over rows as is).
            if (m >= n) factor = factor.unsqueeze(1);
        }
        else
        {
            factor = direction.norm().div(low.norm().add_(Scalars.Keep(1e-8)));
        }

        var scaled = gradient.mul(factor);
        var scale = Math.Sqrt(group["scale"]);
        var scaleFront = group.GetFlag("scale_front");
        if (scaleFront) scaled.mul_(Scalars.Keep(scale));
        if (!group.GetFlag("disable_nl"))
        {
            var norm = scaled.norm();
            if (state.TryTensor("scaled_grad_norm") is { } previous)
            {
                // γ = max(‖Ĝ‖ / (prev + 1e-8), 1.01) / 1.01 bounds the growth of the update norm to 1.01× per step.
                var limiter = norm.div(previous.add(Scalars.Keep(1e-8))).clamp_min(Scalars.Keep(1.01)).div_(Scalars.Keep(1.01));
                scaled.div_(limiter);
                state.SetTensor("scaled_grad_norm", norm.div(limiter));
            }
            else
            {
                state.SetTensor("scaled_grad_norm", norm);
            }
        }

        if (!scaleFront) scaled.mul_(Scalars.Keep(scale));
        return scaled;
    }
}
