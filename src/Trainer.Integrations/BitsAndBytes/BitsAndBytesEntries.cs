using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using Training.TorchExtensions.Autograd;
using ParamGroup = Training.Optim.ParamGroup;
using TorchSharp.Modules;

namespace Training.Integrations;

/// <summary>
/// The registry entries of the BitsAndBytes family (Transformers' <c>optim</c> names). As Transformers' handler:
/// lr and betas = (adam_beta1, adam_beta2) (+ eps = adam_epsilon for AdamW), <c>optim_bits = 8 if "8bit" in
/// name else 32</c>, <c>is_paged = "paged" in name</c>, weight decay through the Trainer's groups; <c>optim_args</c>
/// are not read (the handler ignores them). The 8-bit names run the fused blockwise kernels (the same codes as the
/// op-by-op update, in one pass over memory). With 8-bit state every <c>Embedding</c> weight of the model keeps 32-bit
/// state (the override Transformers intends; its current condition checks a class name bitsandbytes' AdamW does
/// not have, so upstream it never fires — here it does).
/// </summary>
public static class BitsAndBytesEntries
{
    /// <summary>State bytes per element of 8-bit AdamW: two uint8 codes plus two fp32 absmax per 256-element block.</summary>
    public const double AdamW8BitBytes = 2 + 8.0 / BlockwiseQuantization.BlockSize;

    /// <summary>State bytes per element of 8-bit Lion: one uint8 code plus one fp32 absmax per 256-element block.</summary>
    public const double Lion8BitBytes = 1 + 4.0 / BlockwiseQuantization.BlockSize;

    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        AdamW("adamw_8bit", "bitsandbytes AdamW with blockwise 8-bit moments (alias of adamw_bnb_8bit); fp32 state below 4096 elements", 8, paged: false),
        AdamW("adamw_bnb_8bit", "bitsandbytes AdamW with blockwise 8-bit moments; fp32 state below 4096 elements", 8, paged: false),
        AdamW("paged_adamw_8bit", "bitsandbytes paged AdamW, 8-bit moments (paging is a CUDA feature: plain memory here)", 8, paged: true),
        AdamW("paged_adamw_32bit", "bitsandbytes paged AdamW, fp32 moments (paging is a CUDA feature: plain memory here)", 32, paged: true),
        Lion("lion_8bit", "bitsandbytes Lion with a blockwise 8-bit momentum; fp32 state below 4096 elements", 8, paged: false),
        Lion("lion_32bit", "bitsandbytes Lion with an fp32 momentum", 32, paged: false),
        Lion("paged_lion_8bit", "bitsandbytes paged Lion, 8-bit momentum (paging is a CUDA feature: plain memory here)", 8, paged: true),
        Lion("paged_lion_32bit", "bitsandbytes paged Lion, fp32 momentum (paging is a CUDA feature: plain memory here)", 32, paged: true),
    ];

    private static OptimizerDescriptor AdamW(string name, string description, int bits, bool paged) =>
        new(name, description, bits == 8 ? AdamW8BitBytes : 8, IgnoresOptimArgs(name), (request, _, _) =>
        {
            var options = new BitsAndBytesAdamWOptions
            {
                LearningRate = request.LearningRate, Beta1 = request.AdamBeta1, Beta2 = request.AdamBeta2,
                Eps = request.AdamEpsilon, OptimBits = bits, IsPaged = paged, Fused = bits == 8,
            };
            return WithEmbeddingOverride(new BitsAndBytesAdamW(CopyGroups(request), options), request, bits);
        });

    private static OptimizerDescriptor Lion(string name, string description, int bits, bool paged) =>
        new(name, description, bits == 8 ? Lion8BitBytes : 4, IgnoresOptimArgs(name), (request, _, _) =>
        {
            var options = new BitsAndBytesLionOptions
            {
                LearningRate = request.LearningRate, Beta1 = request.AdamBeta1, Beta2 = request.AdamBeta2,
                OptimBits = bits, IsPaged = paged, Fused = bits == 8,
            };
            return WithEmbeddingOverride(new BitsAndBytesLion(CopyGroups(request), options), request, bits);
        });

    // Transformers' handler does not read optim_args: every key is ignored (declared, so the registry says so).
    private static ArgumentSchema IgnoresOptimArgs(string name) => ArgumentSchema.None(name, UnknownArgumentPolicy.Ignore);

    // The optimizer fills missing keys into its groups; copies keep the Trainer's groups untouched.
    private static List<ParamGroup> CopyGroups(OptimizerRequest request) =>
        request.ParamGroups.Select(g => new ParamGroup(g.Parameters, g.Options, g.Tags)).ToList();

    /// <summary>
    /// Transformers' <c>manager.register_module_override(module, "weight", {"optim_bits": 32})</c> for every
    /// <c>nn.Embedding</c> when the optimizer is 8-bit: embedding rows see sparse, spiky gradients that 8-bit
    /// moments represent poorly.
    /// </summary>
    private static T WithEmbeddingOverride<T>(T optimizer, OptimizerRequest request, int bits) where T : BitsAndBytesOptimizer
    {
        if (bits != 8 || request.Model is not { } model) return optimizer;
        // By tensor identity, not by wrapper: TorchSharp's native Embedding hands out a new wrapper per access.
        var optimized = optimizer.Parameters.GroupBy(TensorIdentity.Of).ToDictionary(g => g.Key, g => g.First());
        foreach (var module in model.modules().OfType<Embedding>())
            foreach (var parameter in module.parameters(recurse: false))
                if (optimized.TryGetValue(TensorIdentity.Of(parameter), out var own)) optimizer.OverrideOptimBits(own, 32);
        return optimizer;
    }
}
