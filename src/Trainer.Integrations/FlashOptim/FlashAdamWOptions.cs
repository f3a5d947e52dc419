using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of FlashAdamW: as FlashAdam with weight decay 1e-2 and the <c>decouple_lr</c> key.</summary>
public sealed record FlashAdamWOptions : FlashAdamOptions
{
    /// <summary>Creates the defaults (weight decay 1e-2, as upstream).</summary>
    public FlashAdamWOptions() => WeightDecay = 1e-2;

    /// <inheritdoc/>
    protected override bool Decoupled => true;
}
