using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of GaLore's AdamW (<c>galore_torch.GaLoreAdamW</c>): the Hugging Face legacy AdamW defaults.</summary>
public sealed record GaLoreAdamWOptions : HuggingFaceAdamWOptions
{
    /// <summary>The declared parameters: Hugging Face's AdamW's, nothing added.</summary>
    public static OptionsSchema<GaLoreAdamWOptions> Fields { get; } = new("AdamW", f => [.. f.Inherit(CommonFields)]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;

    /// <inheritdoc/>
    protected override void ValidateCombination(ParamGroup group) => GaLoreProjector.ValidateGroup(group);
}
