using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the GrokAdamW family (Transformers' <c>optim</c> names).</summary>
public static class GrokAdamWEntries
{
    /// <summary>The <c>optim_args</c> keys <c>grokadamw</c> takes (all floats).</summary>
    internal static IReadOnlyList<string> OptimArgKeys { get; } =
        ["alpha_init", "lamb", "gamma", "grokking_signal_decay_rate", "gradient_clipping"];

    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("grokadamw",
            "GrokAdamW: AdamW on a grok-EMA-amplified gradient with per-parameter clipping; optim_args alpha_init, lamb, gamma, grokking_signal_decay_rate, gradient_clipping",
            12, Start(new OptimizerRequest { ParamGroups = [] }).Arguments("grokadamw").Only([.. OptimArgKeys]), (request, arguments, _) => Create(request, arguments)),
    ];

    /// <summary>
    /// Builds GrokAdamW as Transformers' handler does: lr and the five optim_args floats; betas and eps keep the
    /// class defaults (the handler does not forward adam_beta1/2 or adam_epsilon); weight decay comes through the
    /// Trainer's groups.
    /// </summary>
    internal static GrokAdamW Create(OptimizerRequest request, BoundArguments arguments)
    {
        ArgumentNullException.ThrowIfNull(request);
        return new GrokAdamW(request.ParamGroups.Select(g => new ParamGroup(g.Parameters, g.Options, g.Tags)), Start(request).With(arguments));
    }

    private static GrokAdamWOptions Start(OptimizerRequest request) => new() { LearningRate = request.LearningRate };
}
