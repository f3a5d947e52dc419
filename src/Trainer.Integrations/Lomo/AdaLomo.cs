using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Defaults of AdaLomo (OpenLMLab/LOMO <c>lomo_optim/adalomo.py</c>).</summary>
public sealed record AdaLomoOptions : OptimizerOptions
{
    /// <summary>Learning rate (relative: multiplied by max(eps[1], RMS(p))).</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>The loss is multiplied by this before backward and the gradients divided by it.</summary>
    public double LossScale { get; init; } = 1024;
    /// <summary>Added to g² (regulariser of the second moment).</summary>
    public double Eps1 { get; init; } = 1e-30;
    /// <summary>Floor of the parameter RMS that scales the learning rate.</summary>
    public double Eps2 { get; init; } = 1e-3;
    /// <summary>The update is scaled down to RMS ≤ this.</summary>
    public double ClipThreshold { get; init; } = 1.0;
    /// <summary>β2 at step t is 1 − t^decay_rate.</summary>
    public double DecayRate { get; init; } = -0.8;
    /// <summary>Global gradient-norm threshold (two backward passes); null: off.</summary>
    public double? ClipGradNorm { get; init; }
    /// <summary>Element-wise gradient clamp; null: off.</summary>
    public double? ClipGradValue { get; init; }
    /// <summary>Decoupled weight decay: <c>p·(1 − lr_t·wd)</c>.</summary>
    public double WeightDecay { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["eps"] = new[] { Eps1, Eps2 }, ["weight_decay"] = WeightDecay,
        ["clip_grad_norm"] = ClipGradNorm, ["clip_grad_value"] = ClipGradValue,
        ["loss_scale"] = LossScale, ["clip_threshold"] = ClipThreshold, ["decay_rate"] = DecayRate,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        LomoValidation.Common(group);
        HyperParameters.Positive(group, "loss_scale");
        HyperParameters.Positive(group, "clip_threshold");
        var (eps1, eps2) = group.GetPair("eps");
        if (!(eps1 >= 0) || !(eps2 >= 0))
            throw new ArgumentOutOfRangeException("eps", $"Invalid eps: ({eps1}, {eps2}) (both must be >= 0)");
        var decay = group["decay_rate"];
        // β2_t = 1 − t^decay must stay in [0, 1) for t ≥ 1: decay_rate must be negative.
        if (!(decay < 0)) throw new ArgumentOutOfRangeException("decay_rate", decay, $"Invalid decay_rate: {decay} (must be < 0)");
    }
}

/// <summary>
/// AdaLomo (Lv et al. 2023): Adafactor's factored second moment without first moment, fused into backward like
/// LOMO. State per 2-D parameter <c>exp_avg_sq_row</c> [m] / <c>exp_avg_sq_col</c> [n], per vector <c>exp_avg_sq</c>
/// (float32), and a global step counter <c>step_num</c> (kept as the group key <c>step_num</c>, so the state dict
/// round-trips it) advanced once per <see cref="FusedBackwardOptimizer.FusedBackward"/>.
/// </summary>
public sealed class AdaLomo : FusedBackwardOptimizer
{
    /// <summary>Creates AdaLomo over the trainable parameters of <paramref name="model"/>.</summary>
    public AdaLomo(torch.nn.Module model, AdaLomoOptions? options = null) : base(model, options ?? new AdaLomoOptions())
    {
        Group.SetValue("step_num", 0L);
        // The reference allocates every moment in its constructor.
        Preinitialize();
    }

    /// <summary>Creates AdaLomo with the reference's positional <c>lr</c>.</summary>
    public AdaLomo(torch.nn.Module model, double lr) : this(model, new AdaLomoOptions { LearningRate = lr }) { }

    /// <inheritdoc/>
    public override string Name => "AdaLomo";

    /// <summary>Number of fused backward passes so far (the reference's <c>step_num</c>).</summary>
    public long StepNumber => (long)Group["step_num"];

    /// <inheritdoc/>
    protected override double LossScale => Group["loss_scale"];

    /// <inheritdoc/>
    protected override void OnFusedBackward() => Group.SetValue("step_num", StepNumber + 1);

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        var shape = parameter.shape;
        if (shape.Length == 1)
        {
            state.SetTensor("exp_avg_sq", torch.zeros([shape[0]], ScalarType.Float32));
            return;
        }

        if (shape.Length != 2)
            throw new ArgumentException($"AdaLomo supports 1-D and 2-D parameters; got shape [{string.Join(", ", shape)}]", nameof(parameter));
        state.SetTensor("exp_avg_sq_row", torch.zeros([shape[0]], ScalarType.Float32));
        state.SetTensor("exp_avg_sq_col", torch.zeros([shape[1]], ScalarType.Float32));
    }

    /// <inheritdoc/>
    protected override void UpdateParameter(string name, Tensor parameter, Tensor gradient)
    {
        var state = GetOrCreateState(Group, parameter);
        var (eps1, eps2) = Group.GetPair("eps");
        var beta2t = 1.0 - Math.Pow(StepNumber, Group["decay_rate"]);
        var squared = gradient.square().add_(eps1);
        Tensor update;
        if (parameter.dim() > 1)
        {
            var row = state.Tensor("exp_avg_sq_row");
            var col = state.Tensor("exp_avg_sq_col");
            row.mul_(beta2t).add_(squared.mean(new long[] { -1 }), 1.0 - beta2t);
            col.mul_(beta2t).add_(squared.mean(new long[] { -2 }), 1.0 - beta2t);
            // Adafactor's factored estimate: rsqrt(r / mean(r))[:, None] · rsqrt(c)[None, :].
            var rowFactor = row.div(row.mean(new long[] { -1 }, keepdim: true)).rsqrt_().unsqueeze(-1);
            var colFactor = col.unsqueeze(-2).rsqrt();
            update = rowFactor.mul(colFactor).mul_(gradient);
        }
        else
        {
            var v = state.Tensor("exp_avg_sq");
            v.mul_(beta2t).add_(squared, 1.0 - beta2t);
            update = v.rsqrt().mul_(gradient);
        }

        update.div_(Rms(update).div(Group["clip_threshold"]).clamp_min(1.0));

        var master = parameter.to(ScalarType.Float32);
        var parameterRms = master.norm().div(Math.Sqrt(parameter.numel()));
        // max(eps[1], p_rms) · lr: with a tensor p_rms the product is a float32 tensor, as in the reference.
        var lr = parameterRms.ToSingle() > eps2
            ? (double)parameterRms.mul(CurrentLearningRate).ToSingle()
            : CurrentLearningRate * eps2;
        var weightDecay = Group["weight_decay"];
        if (weightDecay > 0) master.mul_((float)(1.0 - lr * weightDecay));
        master.add_(update, -lr);
        if (parameter.dtype != ScalarType.Float32) parameter.copy_(master);
    }

    private static Tensor Rms(Tensor t) => t.norm().div(Math.Sqrt(t.numel()));
}
