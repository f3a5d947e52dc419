using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>The rectified linear unit, max(x, 0).</summary>
public sealed class ReLU : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the activation; with <paramref name="inplace"/> it overwrites (and returns) its input.</summary>
    public ReLU(bool inplace = false)
        : base(nameof(ReLU)) => this.inplace = inplace;

    /// <summary>Whether the input is modified in place.</summary>
    public bool inplace { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.relu(input, inplace);
}
