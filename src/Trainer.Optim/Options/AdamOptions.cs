namespace Training.Optim;

/// <summary>Defaults of torch.optim.Adam (coupled L2 weight decay).</summary>
public record AdamOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>Decay of the first moment.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the second moment.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>Term added to the denominator.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Weight decay (L2 for Adam, decoupled for AdamW).</summary>
    public virtual double WeightDecay { get; init; }
    /// <summary>Use the running maximum of the second moment (AMSGrad).</summary>
    public bool Amsgrad { get; init; }
    /// <summary>Maximize the objective instead of minimizing it.</summary>
    public bool Maximize { get; init; }
    /// <summary>Use the fused native kernel (one pass over memory per tensor; <c>adamw_torch_fused</c>).</summary>
    public bool Fused { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate,
        ["betas"] = new[] { Beta1, Beta2 },
        ["eps"] = Eps,
        ["weight_decay"] = WeightDecay,
        ["amsgrad"] = Amsgrad,
        ["maximize"] = Maximize,
        ["foreach"] = null,
        ["capturable"] = false,
        ["differentiable"] = false,
        ["fused"] = Fused ? true : null,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "weight_decay");
    }
}
