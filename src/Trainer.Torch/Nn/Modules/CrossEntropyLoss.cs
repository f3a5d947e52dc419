using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>The cross-entropy loss between logits and class indices (see <see cref="nn.functional.cross_entropy"/>).</summary>
public sealed class CrossEntropyLoss : Loss<Tensor, Tensor, Tensor>
{
    /// <summary>
    /// Creates the loss. A class <paramref name="weight"/> becomes the buffer "weight"; the module keeps its own handle
    /// to it, so the caller's tensor stays the caller's to dispose.
    /// </summary>
    public CrossEntropyLoss(Tensor? weight = null, long ignore_index = -100, nn.Reduction reduction = nn.Reduction.Mean,
        double label_smoothing = 0.0)
        : base(nameof(CrossEntropyLoss), reduction)
    {
        nn.functional.CheckProbability(label_smoothing, nameof(label_smoothing));
        this.ignore_index = ignore_index;
        this.label_smoothing = label_smoothing;
        this.weight = weight?.alias();
        register_buffer("weight", this.weight);
    }

    /// <summary>The target value that contributes no loss.</summary>
    public long ignore_index { get; }

    /// <summary>The label smoothing amount in [0, 1].</summary>
    public double label_smoothing { get; }

    /// <summary>The per-class weights, or null.</summary>
    public Tensor? weight { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) =>
        nn.functional.cross_entropy(input, target, weight, ignore_index, reduction, label_smoothing);
}
