using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// The result of <see cref="Trainer.Predict"/> (Transformers' <c>PredictionOutput</c>): the predictions and label ids
/// of the dataset, concatenated in dataset order and padded with -100 where batches differ in sequence length, and
/// the metrics with the <c>test_</c> prefix. The caller owns it: the tensors are CPU tensors outside every dispose
/// scope, freed by <see cref="Dispose"/> (keep a clone to use them longer).
/// </summary>
public sealed class PredictionOutput : IDisposable
{
    /// <summary>Creates the output; it takes ownership of the tensors.</summary>
    public PredictionOutput(Tensor? predictions, Tensor? labelIds, IReadOnlyDictionary<string, double> metrics)
    {
        Predictions = predictions;
        LabelIds = labelIds;
        Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
    }

    /// <summary>The predictions, or null with <see cref="TrainingArguments.PredictionLossOnly"/>.</summary>
    public Tensor? Predictions { get; }

    /// <summary>The labels, or null when the dataset has none (or loss only).</summary>
    public Tensor? LabelIds { get; }

    /// <summary>The metrics (<c>test_loss</c>, <c>ComputeMetrics</c>' results, <c>test_runtime</c>, ...).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>Frees the predictions and labels.</summary>
    public void Dispose()
    {
        Predictions?.Dispose();
        LabelIds?.Dispose();
    }
}
