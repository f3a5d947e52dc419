using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// Adafactor (Shazeer and Stern 2018) as Hugging Face implements it: factored second moments (row and
/// column averages) for tensors of 2+ dimensions, update clipping by RMS, optional relative step size
/// and parameter scaling, optional first moment. Low-precision parameters are updated through float32.
/// </summary>
public class Adafactor : PerParameterOptimizer
{
    private static readonly IReadOnlySet<string> TensorScalars = new HashSet<string>(StringComparer.Ordinal) { "RMS" };

    /// <summary>Creates Adafactor over parameters.</summary>
    public Adafactor(IEnumerable<Tensor> parameters, AdafactorOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates Adafactor over groups.</summary>
    public Adafactor(IEnumerable<ParamGroup> groups, AdafactorOptions? options = null) : base(groups, options ?? new AdafactorOptions()) { }

    /// <inheritdoc/>
    public override string Name => "Adafactor";

    /// <inheritdoc/>
    protected override IReadOnlySet<string> TensorScalarNames => TensorScalars;

    /// <inheritdoc/>
    protected override IReadOnlySet<string> IntegerScalarNames => Adadelta.StepAsInteger;

    /// <summary>
    /// The learning rate applied to a parameter (Hugging Face's <c>Adafactor._get_lr</c>): the relative or
    /// external step size, times max(eps2, RMS(p)) when scaling by the parameter.
    /// </summary>
    public static double AppliedLearningRate(ParamGroup group, ParameterState state)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(state);
        var step = state.Step;
        double stepSize;
        if (group.GetFlag("relative_step"))
        {
            var minStep = group.GetFlag("warmup_init") ? 1e-6 * step : 1e-2;
            stepSize = Math.Min(minStep, 1.0 / Math.Sqrt(step));
        }
        else
        {
            stepSize = group.LearningRate;
        }

        if (!group.GetFlag("scale_parameter")) return stepSize;
        var rms = state.Scalar("RMS");
        var eps2 = group.GetPair("eps").Second;
        if (rms <= eps2) return eps2 * stepSize;
        // Hugging Face multiplies the RMS tensor, so a float32 parameter gets a float32-rounded rate.
        var float32 = (state.TryTensor("exp_avg_sq_row") ?? state.TryTensor("exp_avg_sq"))?.dtype == ScalarType.Float32;
        return float32 ? (float)(rms * stepSize) : rms * stepSize;
    }

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state)
    {
        var shape = parameter.shape;
        var type = parameter.dtype is ScalarType.Float16 or ScalarType.BFloat16 ? ScalarType.Float32 : parameter.dtype;
        state.Step = 0;
        if (group.GetValue("beta1") is not null) state.SetTensor("exp_avg", torch.zeros(shape, type));
        if (shape.Length >= 2)
        {
            state.SetTensor("exp_avg_sq_row", torch.zeros(shape[..^1], type));
            state.SetTensor("exp_avg_sq_col", torch.zeros([.. shape[..^2], shape[^1]], type));
        }
        else
        {
            state.SetTensor("exp_avg_sq", torch.zeros(shape, type));
        }

        state.SetScalar("RMS", 0);
    }

    // ‖t‖/sqrt(n), rounded like Hugging Face's float32 tensor arithmetic when t is float32.
    private static double Rms(Tensor t)
    {
        var norm = t.norm().ToDouble();
        return t.dtype == ScalarType.Float32 ? (float)(norm / (float)Math.Sqrt(t.numel())) : norm / Math.Sqrt(t.numel());
    }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var lowPrecision = parameter.dtype is ScalarType.Float16 or ScalarType.BFloat16;
        var grad = lowPrecision ? gradient.@float() : gradient;
        var weights = lowPrecision ? parameter.@float() : parameter;

        state.Step += 1;
        state.SetScalar("RMS", Rms(weights));
        var lr = AppliedLearningRate(group, state);
        var beta2t = 1.0 - Math.Pow(state.Step, group["decay_rate"]);
        var eps1 = group.GetPair("eps").First;
        var squared = grad.square().add_(eps1);

        Tensor update;
        if (state.Contains("exp_avg_sq_row"))
        {
            var row = state.Tensor("exp_avg_sq_row");
            var column = state.Tensor("exp_avg_sq_col");
            row.mul_(beta2t).add_(squared.mean(new long[] { -1 }), 1.0 - beta2t);
            column.mul_(beta2t).add_(squared.mean(new long[] { -2 }), 1.0 - beta2t);
            var rowFactor = row.div(row.mean(new long[] { -1 }, keepdim: true)).rsqrt_().unsqueeze(-1);
            var columnFactor = column.unsqueeze(-2).rsqrt();
            update = rowFactor.mul(columnFactor).mul_(grad);
        }
        else
        {
            var second = state.Tensor("exp_avg_sq");
            second.mul_(beta2t).add_(squared, 1.0 - beta2t);
            update = second.rsqrt().mul_(grad);
        }

        update.div_(Math.Max(Rms(update) / group["clip_threshold"], 1.0));
        update.mul_(lr);
        if (group.GetValue("beta1") is not null)
        {
            var beta1 = group["beta1"];
            var expAvg = state.Tensor("exp_avg");
            expAvg.mul_(beta1).add_(update, 1 - beta1);
            update = expAvg;
        }

        var weightDecay = group["weight_decay"];
        if (weightDecay != 0) weights.add_(weights, -weightDecay * lr);
        weights.sub_(update);
        if (lowPrecision) parameter.copy_(weights);
    }
}
