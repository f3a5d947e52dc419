using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>
/// In training mode, zeroes each element with probability <see cref="p"/> and scales the rest by 1/(1-p); in
/// evaluation mode it is the identity.
/// </summary>
public sealed class Dropout : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the layer; <paramref name="p"/> must lie in [0, 1].</summary>
    public Dropout(double p = 0.5)
        : base(nameof(Dropout))
    {
        nn.functional.CheckProbability(p, nameof(p));
        this.p = p;
    }

    /// <summary>The probability of zeroing an element.</summary>
    public double p { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.dropout(input, p, training);
}
