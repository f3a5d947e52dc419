using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

/// <summary>
/// What a model returns to the Trainer, as Transformers' <c>ModelOutput</c>: the logits, and the loss when the batch
/// carried labels. A model of type <c>Module&lt;Batch, ModelOutput&gt;</c> trains and predicts through the Trainer's
/// defaults (its loss and its prediction step) without a loss function.
/// The tensors belong to the dispose scope current when the model ran.
/// </summary>
/// <param name="Logits">The model's scores, e.g. [B, T, vocab] for a causal language model.</param>
/// <param name="Loss">The 0-dim loss when labels were given, else null.</param>
public record ModelOutput(Tensor Logits, Tensor? Loss = null);
