using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of Cerebras' AdamW (<c>AdamBase</c>): Hugging Face's AdamW (ε 1e-6, weight decay 0, bias correction on) plus AMSGrad and coupled L2.</summary>
public record CerebrasAdamWOptions : HuggingFaceAdamWOptions
{
    /// <summary>Use the running maximum of the second moment.</summary>
    public bool Amsgrad { get; init; }
    /// <summary>Coupled L2 regularisation added to the gradient (Cerebras' Adam maps its weight_decay here).</summary>
    public double L2RegularizationRate { get; init; }

    /// <summary>The declared parameters, in Cerebras' order.</summary>
    public static OptionsSchema<CerebrasAdamWOptions> Fields { get; } = new("AdamW", f =>
    [
        .. f.Inherit(CommonFields),
        f.Flag("amsgrad", o => o.Amsgrad, (o, v) => o with { Amsgrad = v }),
        f.Number("l2_regularization_rate", o => o.L2RegularizationRate, (o, v) => o with { L2RegularizationRate = v }, ArgumentRule.NonNegative),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
