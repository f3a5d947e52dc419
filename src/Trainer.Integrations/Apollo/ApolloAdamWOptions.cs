using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// Class defaults of APOLLO's AdamW (zhuhanqing/APOLLO <c>apollo_torch/apollo.py</c>). The low-rank keys
/// (<c>rank</c>, <c>proj</c>, <c>scale_type</c>, <c>update_proj_gap</c>, <c>scale</c>, <c>proj_type</c>) are not
/// defaults: only groups that carry them are projected.
/// </summary>
public sealed record ApolloAdamWOptions : HuggingFaceAdamWOptions
{
    /// <summary>Multiply the scaled gradient by sqrt(scale) before the norm-growth limiter instead of after.</summary>
    public bool ScaleFront { get; init; }
    /// <summary>Disables the norm-growth limiter.</summary>
    public bool DisableNl { get; init; }

    /// <summary>The declared parameters: Hugging Face's AdamW's, then scale_front and disable_nl.</summary>
    public static OptionsSchema<ApolloAdamWOptions> Fields { get; } = new("AdamW", f =>
    [
        .. f.Inherit(CommonFields),
        f.Flag("scale_front", o => o.ScaleFront, (o, v) => o with { ScaleFront = v }),
        f.Flag("disable_nl", o => o.DisableNl, (o, v) => o with { DisableNl = v }),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group)
    {
        // Only groups that carry the low-rank keys are projected; theirs follow the entry's declared rules.
        if (group.ContainsKey("rank")) LowRankArguments.Apollo.Validate(group);
    }
}
