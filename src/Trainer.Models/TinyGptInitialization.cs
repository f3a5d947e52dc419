using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using TorchSharp.Modules;

namespace Training.Models;

/// <summary>
/// GPT-2's initialisation (as nanoGPT's <c>_init_weights</c> plus its <c>c_proj</c> rescaling), drawn in module order
/// so that the PyTorch twin, walking <c>model.modules()</c> with the same generator, draws identical weights.
/// </summary>
internal static class TinyGptInitialization
{
    private const double Std = 0.02;

    public static void Apply(TinyGpt model, Generator? generator)
    {
        // Residual branches add up over 2·layers sub-layers; shrinking their output projections keeps the residual
        // stream's variance independent of depth.
        var residualStd = Std / Math.Sqrt(2.0 * model.Config.Layers);
        var residual = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var block in model.Blocks)
        {
            residual.Add(block.Attention.OutputProjection);
            residual.Add(block.FeedForward.OutputProjection);
        }

        foreach (var module in model.modules())
        {
            switch (module)
            {
                case Linear linear:
                    nn.init.normal_(linear.weight, 0, residual.Contains(linear) ? residualStd : Std, generator);
                    if (linear.bias is not null) nn.init.zeros_(linear.bias);
                    break;
                case Embedding embedding:
                    nn.init.normal_(embedding.weight, 0, Std, generator);
                    break;
                case LayerNorm norm:
                    norm.reset_parameters();
                    break;
            }
        }
    }
}
