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

        // Tensor.normal_ passes the generator on to libtorch (nn.init.normal_ ignores it in TorchSharp 0.107), and draws
        // exactly what torch's weight.normal_(0, std, generator=g) draws: the same stream, consumed in the same order.
        using var noGrad = no_grad();
        foreach (var module in ModuleOrder.PreOrder(model))
        {
            switch (module)
            {
                case Linear linear:
                    linear.weight.normal_(0, residual.Contains(linear) ? residualStd : Std, generator);
                    linear.bias?.zero_();
                    break;
                case Embedding embedding:
                    TinyGpt.EmbeddingWeight(embedding).normal_(0, Std, generator);
                    break;
                case LayerNorm norm:
                    norm.reset_parameters();
                    break;
            }
        }
    }
}
