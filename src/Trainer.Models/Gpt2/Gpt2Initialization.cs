using TorchSharp.Modules;

namespace Training.Models;

/// <summary>
/// Transformers' <c>GPT2PreTrainedModel._init_weights</c>: every Conv1D, linear and embedding weight from
/// N(0, initializer_range²), the residual output projections (<c>attn.c_proj</c>, <c>mlp.c_proj</c>) from
/// N(0, (initializer_range/√(2·n_layer))²), biases zero, layer norms one/zero. Drawn in module order (each module
/// before its children) from the given generator, so equal seeds give equal models.
/// </summary>
internal static class Gpt2Initialization
{
    public static void Apply(Gpt2ForCausalLM model, Generator? generator)
    {
        var std = model.Config.InitializerRange;
        // Residual branches add up over 2·layers sub-layers; shrinking their output projections keeps the residual
        // stream's variance independent of depth (the GPT-2 paper's scheme).
        var residualStd = std / Math.Sqrt(2.0 * model.Config.Layers);
        var residual = new HashSet<nn.Module>(ReferenceEqualityComparer.Instance);
        foreach (var block in model.Transformer.Blocks)
        {
            residual.Add(block.Attention.OutputProjection);
            residual.Add(block.FeedForward.OutputProjection);
        }

        // Tensor.normal_ passes the generator on to libtorch (nn.init.normal_ ignores it in TorchSharp 0.107).
        using var noGrad = no_grad();
        foreach (var module in ModuleOrder.PreOrder(model))
        {
            switch (module)
            {
                case Conv1D conv:
                    conv.Weight.normal_(0, residual.Contains(conv) ? residualStd : std, generator);
                    conv.Bias.zero_();
                    break;
                // The head: drawn only when it is not the (already drawn) token embedding.
                case Linear linear when !model.Config.TieWordEmbeddings:
                    linear.weight.normal_(0, std, generator);
                    break;
                case Embedding embedding:
                    TinyGpt.EmbeddingWeight(embedding).normal_(0, std, generator);
                    break;
                case LayerNorm norm:
                    norm.reset_parameters();
                    break;
            }
        }
    }
}
