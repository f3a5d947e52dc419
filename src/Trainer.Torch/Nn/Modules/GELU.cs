using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>The Gaussian error linear unit, exact or with the tanh approximation.</summary>
public sealed class GELU : nn.Module<Tensor, Tensor>
{
    /// <summary>Creates the activation; <paramref name="approximate"/> is "none" (exact) or "tanh".</summary>
    public GELU(string approximate = "none")
        : base(nameof(GELU))
    {
        if (approximate is not ("none" or "tanh"))
            throw new ArgumentException($"approximate must be \"none\" or \"tanh\", got \"{approximate}\"", nameof(approximate));
        this.approximate = approximate;
    }

    /// <summary>"none" or "tanh".</summary>
    public string approximate { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.gelu(input, approximate);
}
