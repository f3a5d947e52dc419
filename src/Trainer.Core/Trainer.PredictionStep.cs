using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

public partial class Trainer
{
    /// <summary>
    /// One evaluation batch, already on the device (Transformers' <c>prediction_step</c>): (loss, logits, labels),
    /// each null when there is none, all in the caller's dispose scope and without gradients. The batch has labels
    /// when every <see cref="LabelNames"/> entry is present (several are stacked along a new last dimension); then —
    /// and always for a <c>Module&lt;Batch, Tensor&gt;</c>, which returns nothing but its loss — the loss is
    /// <see cref="ComputeLoss"/>'s (so an override counts in evaluation too, as in Transformers). The logits are
    /// those of a <c>Module&lt;Batch, ModelOutput&gt;</c>: from the same forward pass when the default
    /// <see cref="ComputeLoss"/> ran the model itself, else from one more forward pass (a <c>computeLossFunc</c>, or an
    /// override that does not call the base); a model that only returns its loss gives none. With
    /// <paramref name="predictionLossOnly"/> only the loss is returned. Override it for other models or outputs.
    /// </summary>
    public virtual (Tensor? Loss, Tensor? Logits, Tensor? Labels) PredictionStep(torch.nn.Module model, Batch batch, bool predictionLossOnly)
    {
        ArgumentNullException.ThrowIfNull(model);
        ArgumentNullException.ThrowIfNull(batch);
        var names = LabelNames;
        var hasLabels = names.Count > 0 && names.All(batch.Contains);
        // A model that returns only its loss computes it without labels (Transformers' can_return_loss).
        var computesLoss = hasLabels || model is torch.nn.Module<Batch, Tensor>;
        Tensor? loss = null, logits = null;
        using (torch.no_grad())
        {
            if (computesLoss)
            {
                captureOutput = true;
                capturedOutput = null;
                try
                {
                    loss = ComputeLoss(model, batch).detach().mean();
                    logits = capturedOutput?.Logits;
                }
                finally
                {
                    captureOutput = false;
                    capturedOutput = null;
                }
            }

            if (predictionLossOnly) return (loss, null, null);
            if (logits is null && model is torch.nn.Module<Batch, ModelOutput> scorer) logits = scorer.call(batch).Logits;
        }

        // A new handle on the labels, so they outlive the batch that owns the original.
        var labels = !hasLabels ? null
            : names.Count == 1 ? batch[names[0]].detach()
            : torch.stack(names.Select(n => batch[n]).ToArray(), dim: -1);
        return (loss, logits?.detach(), labels);
    }
}
