using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// The result of <see cref="Trainer.EvaluationLoop"/> (Transformers' <c>EvalLoopOutput</c>). It owns
/// <see cref="Predictions"/> and <see cref="LabelIds"/> — CPU tensors outside every dispose scope — and frees them
/// when disposed.
/// </summary>
public sealed class EvalLoopOutput : IDisposable
{
    /// <summary>Creates the output; it takes ownership of the tensors.</summary>
    public EvalLoopOutput(Tensor? predictions, Tensor? labelIds, IReadOnlyDictionary<string, double> metrics, int numSamples)
    {
        Predictions = predictions;
        LabelIds = labelIds;
        Metrics = metrics ?? throw new ArgumentNullException(nameof(metrics));
        NumSamples = numSamples;
    }

    /// <summary>The gathered predictions, or null (loss only, or a model without logits).</summary>
    public Tensor? Predictions { get; private set; }

    /// <summary>The gathered labels, or null (loss only, or a dataset without labels).</summary>
    public Tensor? LabelIds { get; private set; }

    /// <summary>The metrics, every key with the loop's prefix (<c>eval_loss</c>, <c>eval_accuracy</c>, ...).</summary>
    public IReadOnlyDictionary<string, double> Metrics { get; }

    /// <summary>The number of examples evaluated.</summary>
    public int NumSamples { get; }

    /// <summary>Hands the tensors to a new owner; this output then holds none.</summary>
    internal (Tensor? Predictions, Tensor? LabelIds) Release()
    {
        var released = (Predictions, LabelIds);
        Predictions = null;
        LabelIds = null;
        return released;
    }

    /// <summary>Frees the predictions and labels.</summary>
    public void Dispose()
    {
        var (predictions, labels) = Release();
        predictions?.Dispose();
        labels?.Dispose();
    }
}
