using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// The parameter split of Transformers' <c>_setup_low_rank_optimizer</c> (GaLore, APOLLO): the weights of the Linear
/// modules named by <c>optim_target_modules</c> form the low-rank group, every other parameter (biases included)
/// the plain group. The Trainer's decay / no-decay groups are replaced entirely, and <c>requires_grad</c> is not
/// filtered, as upstream.
/// </summary>
internal static class LowRankGroups
{
    /// <summary>
    /// The two groups <c>[{params: non-target}, {params: target Linear weights, **lowRankOptions}]</c> for the optimizer
    /// named <paramref name="optimizerName"/> (named in errors).
    /// </summary>
    public static IReadOnlyList<ParamGroup> Build(OptimizerRequest request, IReadOnlyDictionary<string, object?> lowRankOptions, string optimizerName)
    {
        ArgumentNullException.ThrowIfNull(lowRankOptions);
        var (others, targets) = Split(request, optimizerName);
        return [new ParamGroup(others), new ParamGroup(targets, lowRankOptions)];
    }

    /// <summary>
    /// The non-target parameters and the target Linear weights of the request's model. Errors (as Transformers'
    /// ValueError): no model, no <c>Training:OptimTargetModules</c>, or no module matching it.
    /// </summary>
    public static (IReadOnlyList<Tensor> Others, IReadOnlyList<Tensor> Targets) Split(OptimizerRequest request, string optimizerName)
    {
        ArgumentNullException.ThrowIfNull(request);
        var model = request.Model
            ?? throw new ArgumentException($"{optimizerName} needs the model to find its target modules, but the optimizer request has none", nameof(request));
        var targets = request.TargetModules
            ?? throw new ArgumentException(
                $"You need to define Training:{OptimTargetModules.SettingName} when using {optimizerName}: the Linear modules whose weights are projected (a regular expression, a list of names, or \"all-linear\")",
                OptimTargetModules.SettingName);
        return targets.Split(model);
    }
}
