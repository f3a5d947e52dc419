using Training.Optim;
using TorchSharp;

namespace Training.Integrations;

/// <summary>
/// The <c>*_layerwise</c> registry entries: the same groups and per-parameter optimizer as the plain name, one
/// optimizer per parameter stepped inside backward (<see cref="LayerWiseOptimizer"/>). As in Transformers they need
/// <c>Training:GradientAccumulationSteps</c> = 1.
/// </summary>
public static class LayerWiseEntries
{
    /// <summary>Every layer-wise entry.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("galore_adamw_layerwise", "galore_adamw with one optimizer per parameter, updated inside backward (gradients freed at once); state as galore_adamw",
            1.5, LowRankArguments.GaLore, (r, a, _) => Build(r, "galore_adamw_layerwise", LowRankArguments.Groups(r, a, "galore_adamw_layerwise"),
                g => new GaLoreAdamW([g], new GaLoreAdamWOptions { LearningRate = r.LearningRate }))),
        new("galore_adamw_8bit_layerwise", "galore_adamw_8bit with one optimizer per parameter, updated inside backward; state as galore_adamw_8bit",
            GaLoreEntries.EightBitStateBytes, LowRankArguments.GaLore, (r, a, _) => Build(r, "galore_adamw_8bit_layerwise", LowRankArguments.Groups(r, a, "galore_adamw_8bit_layerwise"),
                g => new GaLoreAdamW8bit([g], GaLoreAdamW8bit.Defaults8Bit with { LearningRate = r.LearningRate }))),
        // Transformers applies scale_parameter/relative_step=False to galore_adafactor only, so its layer-wise variant
        // fails to build there ("Cannot combine manual lr and relative_step=True"); here it gets the same settings.
        new("galore_adafactor_layerwise", "galore_adafactor with one optimizer per parameter, updated inside backward (builds here; fails in Transformers); state as galore_adafactor",
            0.504, LowRankArguments.GaLore, (r, a, _) => Build(r, "galore_adafactor_layerwise", LowRankArguments.Groups(r, a, "galore_adafactor_layerwise"),
                g => new GaLoreAdafactor([g], GaLoreEntries.AdafactorFor(r)))),
        // As in Transformers, every per-parameter APOLLO numbers its only parameter 1, so all draw from seed 1.
        new("apollo_adamw_layerwise", "apollo_adamw with one optimizer per parameter, updated inside backward; state as apollo_adamw",
            1.5, LowRankArguments.Apollo, (r, a, _) => Build(r, "apollo_adamw_layerwise", ApolloEntries.Groups(r, a, "apollo_adamw_layerwise"),
                g => new ApolloAdamW([g], new ApolloAdamWOptions { LearningRate = r.LearningRate }))),
    ];

    /// <summary>
    /// Builds a layer-wise optimizer over <paramref name="groups"/> (the plain name's grouping), one optimizer per
    /// parameter from <paramref name="create"/>, hooked into the request's model (a <c>torch.nn.Module</c>). Gradient
    /// accumulation, whose gradients the hooks would consume, is refused where every optimizer that updates inside
    /// backward is (the Trainer's one check on <see cref="IFusedBackwardOptimizer"/>), as Transformers refuses it.
    /// </summary>
    internal static LayerWiseOptimizer Build(OptimizerRequest request, string name, IReadOnlyList<ParamGroup> groups,
        Func<ParamGroup, Optimizer> create)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model
            ?? throw new ArgumentException($"{name} updates each parameter inside backward, so it needs the model, but the optimizer request has none", nameof(request));
        return new LayerWiseOptimizer(model, groups, create);
    }
}
