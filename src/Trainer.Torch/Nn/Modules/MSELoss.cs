using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>The squared-error loss.</summary>
public sealed class MSELoss : Loss<Tensor, Tensor, Tensor>
{
    /// <summary>Creates the loss.</summary>
    public MSELoss(nn.Reduction reduction = nn.Reduction.Mean)
        : base(nameof(MSELoss), reduction)
    {
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input, Tensor target) => nn.functional.mse_loss(input, target, reduction);
}
