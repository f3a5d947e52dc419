using Training.Optim;

namespace Training.Integrations;

/// <summary>The registry entries of the GrokAdamW family (Transformers' <c>optim</c> names).</summary>
public static class GrokAdamWEntries
{
    /// <summary>The <c>optim_args</c> keys <c>grokadamw</c> takes (all floats).</summary>
    public static IReadOnlyList<string> OptimArgKeys { get; } =
        ["alpha_init", "lamb", "gamma", "grokking_signal_decay_rate", "gradient_clipping"];

    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("grokadamw",
            "GrokAdamW: AdamW on a grok-EMA-amplified gradient with per-parameter clipping; optim_args alpha_init, lamb, gamma, grokking_signal_decay_rate, gradient_clipping",
            12, (request, _) => Create(request)),
    ];

    /// <summary>
    /// Builds GrokAdamW as Transformers' handler does: lr and the five optim_args floats; betas and eps keep the
    /// class defaults (the handler does not forward adam_beta1/2 or adam_epsilon); weight decay comes through the
    /// Trainer's groups.
    /// </summary>
    public static GrokAdamW Create(OptimizerRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        var args = request.OptimArgs;
        var options = new GrokAdamWOptions
        {
            LearningRate = request.LearningRate,
            AlphaInit = args.GetDouble("alpha_init", 0.98),
            Lamb = args.GetDouble("lamb", 2.0),
            Gamma = args.GetDouble("gamma", 0.1),
            GrokkingSignalDecayRate = args.GetDouble("grokking_signal_decay_rate", 0.1),
            GradientClipping = args.GetDouble("gradient_clipping", 1.0),
        };
        var unknown = args.Values.Keys.Where(k => !OptimArgKeys.Contains(k)).ToList();
        if (unknown.Count > 0)
            throw OptimArgs.NotAnArgument(unknown[0], "grokadamw", OptimArgKeys);
        return new GrokAdamW(request.ParamGroups.Select(g => new ParamGroup(g.Parameters, g.Options, g.Tags)), options);
    }
}
