using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

public partial class Trainer
{
    // Set by PredictionStep while it runs ComputeLoss: the default ComputeLoss then keeps the model's output, so the
    // logits come from the same forward pass as the loss.
    private bool captureOutput;
    private ModelOutput? capturedOutput;

    /// <summary>The batch entries that hold the labels (<see cref="TrainingArguments.EffectiveLabelNames"/>; Transformers' <c>label_names</c>).</summary>
    public IReadOnlyList<string> LabelNames => Args.EffectiveLabelNames;

    /// <summary>
    /// The loss of one batch (Transformers' <c>compute_loss</c>); <paramref name="numItemsInBatch"/> is the number of
    /// loss items in the whole accumulation window (null in evaluation), and is set as <see cref="Batch.NumItemsInBatch"/>
    /// for the model. In order: <c>computeLossFunc</c> when given; the label smoother on the model's logits when
    /// <see cref="TrainingArguments.LabelSmoothingFactor"/> &gt; 0 and the batch has labels (the model sees the batch
    /// without them, as Transformers pops them; the labels are shifted for an <see cref="ICausalLanguageModel"/>);
    /// the <see cref="ModelOutput.Loss"/> of a <c>Module&lt;Batch, ModelOutput&gt;</c>; the result of a
    /// <c>Module&lt;Batch, Tensor&gt;</c>. An override that ignores <paramref name="numItemsInBatch"/> for a model
    /// implementing <see cref="IAcceptsNumItemsInBatch"/> must still return sum / count (the Trainer does not divide
    /// by the micro-batches then). The evaluation loss goes through here as well (<see cref="PredictionStep"/>).
    /// </summary>
    public virtual Tensor ComputeLoss(torch.nn.Module model, Batch batch, long? numItemsInBatch = null)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        batch.NumItemsInBatch = numItemsInBatch;
        if (computeLossFunc is not null) return computeLossFunc(model, batch, numItemsInBatch);
        var labelName = LabelNames.Count > 0 ? LabelNames[0] : null;
        if (labelSmoother is not null && labelName is not null && batch.Contains(labelName))
        {
            if (model is not torch.nn.Module<Batch, ModelOutput> scorer)
                throw new InvalidOperationException(
                    $"Training:LabelSmoothingFactor = {Args.LabelSmoothingFactor} smooths the model's logits, but {model.GetType().Name} is not a Module<Batch, ModelOutput>: return ModelOutput, pass computeLossFunc, or set it to 0");
            var smoothedOutput = Keep(scorer.call(WithoutLabels(batch, labelName)));
            return labelSmoother.Loss(smoothedOutput.Logits, batch[labelName], shiftLabels: model is ICausalLanguageModel, numItemsInBatch);
        }

        switch (model)
        {
            case torch.nn.Module<Batch, ModelOutput> withOutput:
                return Keep(withOutput.call(batch)).Loss ?? throw new InvalidOperationException(
                    $"{model.GetType().Name} returned no loss for a batch with {string.Join(", ", batch.Names)}: a ModelOutput carries the loss when the batch has labels ({string.Join(", ", LabelNames)})");
            case torch.nn.Module<Batch, Tensor> lossModel:
                return lossModel.call(batch);
            default:
                throw new InvalidOperationException(
                    $"{model.GetType().Name} does not compute its loss: make it a Module<Batch, ModelOutput> (or a Module<Batch, Tensor> returning the loss), pass computeLossFunc, or override Trainer.ComputeLoss");
        }
    }

    /// <summary>
    /// The number of loss items in the micro-batches of one update (Transformers' <c>get_batch_samples</c> /
    /// <c>_get_num_items_in_batch</c>), or null: with <c>computeLossFunc</c>, the labels other than -100 of the first
    /// <see cref="TrainingArguments.LabelNames"/> entry (null when the batches have none); else, for a model
    /// implementing <see cref="IAcceptsNumItemsInBatch"/>, the sum of its <see cref="IAcceptsNumItemsInBatch.CountLossItems"/>;
    /// else null (the loss is then divided by the number of micro-batches, Transformers' rule for such models).
    /// </summary>
    protected virtual long? GetNumItemsInBatch(IReadOnlyList<Batch> batchSamples)
    {
        ArgumentNullException.ThrowIfNull(batchSamples);
        if (batchSamples.Count == 0) return null;
        if (computeLossFunc is not null)
        {
            var name = LabelNames.Count > 0 ? LabelNames[0] : null;
            return name is not null && batchSamples[0].Contains(name) ? batchSamples.Sum(b => LossItemCount.NotIgnored(b[name])) : null;
        }

        return Model is IAcceptsNumItemsInBatch counter ? batchSamples.Sum(counter.CountLossItems) : null;
    }

    // Transformers' training_step: the loss is divided by the micro-batches of the update unless the loss itself is
    // normalised by the window's item count (a model that takes it, given a count; or a computeLossFunc).
    private bool DividesByMicroBatches(long? numItemsInBatch) =>
        (Model is not IAcceptsNumItemsInBatch || numItemsInBatch is null) && computeLossFunc is null;

    private ModelOutput Keep(ModelOutput output)
    {
        ArgumentNullException.ThrowIfNull(output);
        if (captureOutput) capturedOutput = output;
        return output;
    }

    // The batch without its labels, sharing its tensors: the batch still owns them, so this view is never disposed.
    private static Batch WithoutLabels(Batch batch, string labelName) =>
        new(batch.Size, batch.Names.Where(n => n != labelName).Select(n => KeyValuePair.Create(n, batch[n]))) { NumItemsInBatch = batch.NumItemsInBatch };
}
