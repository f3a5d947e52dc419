namespace Training.Core;

/// <summary>
/// A causal language model: its logits at position t score the token at t + 1, so its loss compares
/// <c>logits[..., :-1, :]</c> with <c>labels[..., 1:]</c> (the models Transformers lists in
/// <c>MODEL_FOR_CAUSAL_LM_MAPPING_NAMES</c>). The Trainer's label smoother shifts the labels for such a model
/// (<see cref="TrainingArguments.LabelSmoothingFactor"/>), and the token count of an accumulation window is, by default,
/// the <c>labels</c> other than -100 after that shift. A model implements this interface to say it is one; the loss it
/// computes itself must follow <see cref="IAcceptsNumItemsInBatch"/> (sum over items / <see cref="Batch.NumItemsInBatch"/>).
/// </summary>
public interface ICausalLanguageModel : IAcceptsNumItemsInBatch
{
    /// <summary>The labels other than -100 after the shift: <c>labels[..., 1:]</c> of the batch's <c>labels</c>.</summary>
    long IAcceptsNumItemsInBatch.CountLossItems(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return LossItemCount.AfterShift(batch["labels"]);
    }
}
