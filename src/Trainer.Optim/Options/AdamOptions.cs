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

    /// <summary>The declared parameters, in Adam's order.</summary>
    public static OptionsSchema<AdamOptions> Fields { get; } = new("Adam", f =>
    [
        f.Number("lr", o => o.LearningRate, (o, v) => o with { LearningRate = v }, ArgumentRule.NonNegative),
        f.Pair("betas", o => (o.Beta1, o.Beta2), (o, v) => o with { Beta1 = v.First, Beta2 = v.Second }, ArgumentRule.Betas),
        f.Number("eps", o => o.Eps, (o, v) => o with { Eps = v }, ArgumentRule.NonNegative),
        f.Number("weight_decay", o => o.WeightDecay, (o, v) => o with { WeightDecay = v }, ArgumentRule.NonNegative),
        f.Flag("amsgrad", o => o.Amsgrad, (o, v) => o with { Amsgrad = v }),
        f.Flag("maximize", o => o.Maximize, (o, v) => o with { Maximize = v }),
        f.Internal("foreach", _ => null),
        f.Internal("capturable", _ => false),
        f.Internal("differentiable", _ => false),
        f.Internal("fused", o => o.Fused ? true : null),
    ]);

    /// <inheritdoc/>
    public override IOptionsSchema Schema() => Fields;
}
