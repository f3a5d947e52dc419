namespace Training.Optim;

/// <summary>Defaults of torch.optim.AdamW: as Adam, with decoupled weight decay 0.01.</summary>
public sealed record AdamWOptions : AdamOptions
{
    /// <summary>Decoupled weight decay (PyTorch's AdamW default 0.01).</summary>
    public override double WeightDecay { get; init; } = 1e-2;
}
