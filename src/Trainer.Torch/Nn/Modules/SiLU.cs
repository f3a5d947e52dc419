using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>The sigmoid linear unit (swish), x·sigmoid(x).</summary>
public sealed class SiLU : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the activation.</summary>
    public SiLU()
        : base(nameof(SiLU))
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.silu(input);
}
