using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of FlashSGDW: as FlashSGD with the <c>decouple_lr</c> key.</summary>
public sealed record FlashSgdwOptions : FlashSgdOptions
{
    /// <inheritdoc/>
    protected override bool Decoupled => true;
}
