using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// GaLore AdamW (<c>galore_torch/adamw.py</c>): Hugging Face's legacy AdamW, where a group with a <c>rank</c> key
/// runs Adam on the projected gradient R (moments have R's shape) and the normalised step is projected back (×scale).
/// Per parameter, t after the increment: M ← β1M + (1−β1)R; V ← β2V + (1−β2)R²; N = M/(√V + ε) (ε not
/// bias-corrected); p ← p − lr·√(1−β2^t)/(1−β1^t)·back(N); then p ← p − lr·wd·p on the updated p.
/// State: <c>step</c> (int), <c>exp_avg</c>, <c>exp_avg_sq</c>, <c>ortho_matrix</c>.
/// </summary>
public class GaLoreAdamW : PerParameterOptimizer
{
    private static readonly IReadOnlySet<string> StepAsInteger = new HashSet<string>(StringComparer.Ordinal) { "step" };

    /// <summary>Creates GaLore AdamW over groups (low-rank groups carry rank, update_proj_gap, scale, proj_type).</summary>
    public GaLoreAdamW(IEnumerable<ParamGroup> groups, GaLoreAdamWOptions? options = null) : base(groups, options ?? new GaLoreAdamWOptions()) { }

    /// <inheritdoc/>
    public override string Name => "AdamW";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => NoNames;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> IntegerScalarNames => StepAsInteger;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        // The moments have the projected gradient's shape, known from the group before the first gradient.
        var shape = GaLoreProjector.IsLowRank(group) ? GaLoreProjector.FromGroup(group).LowRankShape(parameter.shape) : parameter.shape;
        state.Step = 0;
        state.SetTensor("exp_avg", torch.zeros(shape, parameter.dtype));
        state.SetTensor("exp_avg_sq", torch.zeros(shape, parameter.dtype));
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var projector = GaLoreProjector.IsLowRank(group) ? GaLoreProjector.FromGroup(group) : null;
        var grad = projector is null ? gradient : projector.Project(gradient, (long)state.Step, state);
        var (beta1, beta2) = group.GetPair("betas");
        var lr = group.LearningRate;
        state.Step += 1;
        var step = state.Step;
        var expAvg = state.Tensor("exp_avg");
        var expAvgSq = state.Tensor("exp_avg_sq");
        expAvg.mul_(Scalars.Keep(beta1)).add_(grad, Scalars.Keep(1.0 - beta1));
        expAvgSq.mul_(Scalars.Keep(beta2)).addcmul_(grad, grad, Scalars.Keep(1.0 - beta2));
        var denominator = expAvgSq.sqrt().add_(Scalars.Keep(group["eps"]));
        var stepSize = lr;
        if (group.GetFlag("correct_bias")) stepSize = stepSize * Math.Sqrt(1.0 - Math.Pow(beta2, step)) / (1.0 - Math.Pow(beta1, step));
        var normalized = expAvg.div(denominator);
        if (projector is not null) normalized = projector.ProjectBack(normalized, state);
        parameter.add_(normalized, Scalars.Keep(-stepSize));
        var weightDecay = group["weight_decay"];
        if (weightDecay > 0) parameter.add_(parameter, Scalars.Keep(-lr * weightDecay));
    }
}
