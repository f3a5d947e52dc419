namespace Training.Core;

/// <summary>
/// A model whose loss is token-correct under gradient accumulation (Transformers' <c>accepts_loss_kwargs</c>): given
/// <see cref="Batch.NumItemsInBatch"/>, it returns the <em>sum</em> of its per-item losses divided by that count, so
/// the micro-batches of one update add up to the mean over all their items however many each holds. The Trainer
/// then does not divide the loss by the number of micro-batches. Without the count (evaluation) it returns the mean.
/// </summary>
public interface IAcceptsNumItemsInBatch
{
    /// <summary>
    /// The number of items of <paramref name="batch"/> that contribute to the loss (for a causal language model: the
    /// label tokens other than -100 that remain after the model's shift). The Trainer sums it over the micro-batches
    /// of an update.
    /// </summary>
    long CountLossItems(Batch batch);
}
