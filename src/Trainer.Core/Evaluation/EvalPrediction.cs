using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// What <c>ComputeMetrics</c> receives (Transformers' <c>EvalPrediction</c>): the predictions and label ids of the
/// whole evaluation set, concatenated over its batches on the CPU, in dataset order. When batches differ in sequence
/// length, each is padded on its second dimension with -100 to the longest (Transformers' <c>nested_concat</c>).
/// The tensors are lent for the call: they stay owned by the Trainer (the evaluation's result keeps the predictions
/// and labels), so <c>ComputeMetrics</c> must not dispose them, and must clone what it wants to keep.
/// </summary>
public sealed class EvalPrediction
{
    /// <summary>Creates the value passed to <c>ComputeMetrics</c>.</summary>
    /// <param name="predictions">The model's logits, or what <c>PreprocessLogitsForMetrics</c> made of them.</param>
    /// <param name="labelIds">The labels (<see cref="TrainingArguments.LabelNames"/>).</param>
    /// <param name="inputs">The batches' <c>input_ids</c>, with <c>"inputs"</c> in <see cref="TrainingArguments.IncludeForMetrics"/>.</param>
    /// <param name="losses">Each example's batch loss, with <c>"loss"</c> in <see cref="TrainingArguments.IncludeForMetrics"/>.</param>
    public EvalPrediction(Tensor predictions, Tensor labelIds, Tensor? inputs = null, Tensor? losses = null)
    {
        Predictions = predictions ?? throw new ArgumentNullException(nameof(predictions));
        LabelIds = labelIds ?? throw new ArgumentNullException(nameof(labelIds));
        Inputs = inputs;
        Losses = losses;
    }

    /// <summary>The predictions, [examples, ...] on the CPU.</summary>
    public Tensor Predictions { get; }

    /// <summary>The labels, [examples, ...] on the CPU.</summary>
    public Tensor LabelIds { get; }

    /// <summary>The inputs, when asked for with <see cref="TrainingArguments.IncludeForMetrics"/>.</summary>
    public Tensor? Inputs { get; }

    /// <summary>The per-example losses, when asked for with <see cref="TrainingArguments.IncludeForMetrics"/>.</summary>
    public Tensor? Losses { get; }
}
