using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

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
        var squared = gradient.square().add_(Scalars.Keep(eps1));
        Tensor update;
        if (parameter.dim() > 1)
        {
            var row = state.Tensor("exp_avg_sq_row");
            var col = state.Tensor("exp_avg_sq_col");
            row.mul_(Scalars.Keep(beta2t)).add_(squared.mean(new long[] { -1 }), Scalars.Keep(1.0 - beta2t));
            col.mul_(Scalars.Keep(beta2t)).add_(squared.mean(new long[] { -2 }), Scalars.Keep(1.0 - beta2t));
            // Adafactor's factored estimate: rsqrt(r / mean(r))[:, None] · rsqrt(c)[None, :].
            var rowFactor = row.div(row.mean(new long[] { -1 }, keepdim: true)).rsqrt_().unsqueeze(-1);
            var colFactor = col.unsqueeze(-2).rsqrt();
            update = rowFactor.mul(colFactor).mul_(gradient);
        }
        else
        {
            var v = state.Tensor("exp_avg_sq");
            v.mul_(Scalars.Keep(beta2t)).add_(squared, Scalars.Keep(1.0 - beta2t));
            update = v.rsqrt().mul_(gradient);
        }

        update.div_(Rms(update).div(Scalars.Keep(Group["clip_threshold"])).clamp_min(Scalars.Keep(1.0)));

        var master = parameter.to(ScalarType.Float32);
        var parameterRms = master.norm().div(Scalars.Keep(Math.Sqrt(parameter.numel())));
        // max(eps[1], p_rms) · lr: with a tensor p_rms the product is a float32 tensor, as in the reference.
        var lr = parameterRms.ReadSingle() > eps2
            ? (double)parameterRms.mul(Scalars.Keep(CurrentLearningRate)).ReadSingle()
            : CurrentLearningRate * eps2;
        var weightDecay = Group["weight_decay"];
        if (weightDecay > 0) master.mul_(Scalars.Keep((float)(1.0 - lr * weightDecay)));
        master.add_(update, Scalars.Keep(-lr));
        if (parameter.dtype != ScalarType.Float32) parameter.copy_(master);
    }

    private static Tensor Rms(Tensor t) => t.norm().div(Scalars.Keep(Math.Sqrt(t.numel())));
}
