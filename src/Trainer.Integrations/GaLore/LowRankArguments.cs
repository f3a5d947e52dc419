using Training.Optim;

namespace Training.Integrations;

/// <summary>
/// The low-rank keys Transformers' <c>_setup_low_rank_optimizer</c> reads from <c>optim_args</c> and writes into the
/// target group (GaLore and APOLLO share the first four; APOLLO adds <c>proj</c> and <c>scale_type</c> and scales by
/// 1.0 instead of 0.25). Declared once here: the entries bind <c>OptimArgs</c> against these, and the optimizers
/// validate their projected groups with the same rules.
/// </summary>
public static class LowRankArguments
{
    /// <summary>GaLore's keys: rank 128, update_proj_gap 200, scale 0.25, proj_type "std" (other keys are ignored, as upstream).</summary>
    public static ArgumentSchema GaLore { get; } = new("galore", Common(scale: 0.25, scaleRule: null, ["std", "reverse_std", "right", "left", "full"]), UnknownArgumentPolicy.Ignore);

    /// <summary>APOLLO's keys: rank 128, proj "random", scale_type "channel", update_proj_gap 200, scale 1.0, proj_type "std".</summary>
    public static ArgumentSchema Apollo { get; } = new("apollo_adamw",
    [
        Common(scale: 1.0, ArgumentRule.NonNegative, ["std"])[0],
        new ArgumentSpec("proj", ArgumentKind.Text) { Default = "random", Rule = ArgumentRule.OneOf("random", "svd") },
        new ArgumentSpec("scale_type", ArgumentKind.Text) { Default = "channel", Rule = ArgumentRule.OneOf("channel", "tensor") },
        .. Common(scale: 1.0, ArgumentRule.NonNegative, ["std"]).Skip(1),
    ]);

    /// <summary>The two groups <c>[non-target], [target weights + every low-rank key]</c> with the bound values (and <paramref name="extra"/>).</summary>
    internal static IReadOnlyList<ParamGroup> Groups(OptimizerRequest request, BoundArguments lowRank, string optimizerName,
        IReadOnlyDictionary<string, object?>? extra = null)
    {
        ArgumentNullException.ThrowIfNull(lowRank);
        var options = new OrderedDictionary<string, object?>(lowRank.Values, StringComparer.Ordinal);
        foreach (var (key, value) in extra ?? new Dictionary<string, object?>()) options[key] = value;
        return LowRankGroups.Build(request, options, optimizerName);
    }

    // GaLore's scale may be any finite number (the binder refuses NaN and infinities); APOLLO's must be >= 0.
    // Other sides than "std" (reverse_std/left/right/full) would not fit APOLLO's channel-scaling axis, which follows it.
    private static ArgumentSpec[] Common(double scale, ArgumentRule? scaleRule, string[] projTypes) =>
    [
        new("rank", ArgumentKind.Integer) { Default = 128L, Rule = ArgumentRule.PositiveInteger },
        new("update_proj_gap", ArgumentKind.Integer) { Default = 200L, Rule = ArgumentRule.PositiveInteger },
        new("scale", ArgumentKind.Number) { Default = scale, Rule = scaleRule },
        new("proj_type", ArgumentKind.Text) { Default = "std", Rule = ArgumentRule.OneOf(projTypes) },
    ];
}
