using Training.Core;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Recipes;

/// <summary>
/// The metric Transformers' run_clm reports: the share of next tokens the model ranks first. Logits are reduced to
/// their argmax per batch (<see cref="Preprocess"/>), so evaluation gathers [N, T] ids instead of [N, T, vocab] scores.
/// </summary>
internal static class NextTokenAccuracy
{
    /// <summary>The predicted token at each position (Trainer's PreprocessLogitsForMetrics).</summary>
    public static Tensor Preprocess(Tensor logits, Tensor labels) => logits.argmax(-1);

    /// <summary>
    /// <c>accuracy</c>: predictions at positions 0..T-2 against the labels at 1..T-1, over the labels other than -100
    /// (Trainer's ComputeMetrics; the Trainer adds the <c>eval_</c> prefix).
    /// </summary>
    public static IReadOnlyDictionary<string, double> Compute(EvalPrediction prediction)
    {
        var length = prediction.LabelIds.size(1);
        var predicted = prediction.Predictions.narrow(1, 0, length - 1);
        var targets = prediction.LabelIds.narrow(1, 1, length - 1);
        var counted = targets.ne(Scalars.Keep(-100));
        var total = counted.sum().item<long>();
        var correct = predicted.eq(targets).logical_and(counted).sum().item<long>();
        return new Dictionary<string, double> { ["accuracy"] = total == 0 ? double.NaN : (double)correct / total };
    }
}
