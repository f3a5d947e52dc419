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

    /// <summary>‖t‖/sqrt(n), rounded like Hugging Face's float32 tensor arithmetic when t is float32.</summary>
    protected static double Rms(Tensor t)
    {
        ArgumentNullException.ThrowIfNull(t);
        var norm = t.norm().ReadDouble();
        return t.dtype == ScalarType.Float32 ? (float)(norm / (float)Math.Sqrt(t.numel())) : norm / Math.Sqrt(t.numel());
    }

    /// <summary>
    /// One update in three seams: the gradient (upcast to float32 for low-precision parameters) goes through
    /// <see cref="ProjectGradient"/>, Adafactor's direction is computed in that space (<see cref="ScaledUpdate"/>), then
    /// <see cref="ProjectBack"/> returns it to the parameter's shape and <see cref="Apply"/> decays and subtracts it.
    /// A low-rank variant (GaLore) overrides the two projections only.
    /// </summary>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(state);
        var lowPrecision = IsLowPrecision(parameter);
        var weights = lowPrecision ? parameter.@float() : parameter;
        var grad = ProjectGradient(group, lowPrecision ? gradient.@float() : gradient, state);
        var (update, lr) = ScaledUpdate(group, weights, grad, state);
        Apply(group, weights, ProjectBack(group, update, state), lr);
        if (lowPrecision) parameter.copy_(weights);
    }

    /// <summary>True for float16 and bfloat16 parameters, whose update runs through float32.</summary>
    protected static bool IsLowPrecision(Tensor t) => t?.dtype is ScalarType.Float16 or ScalarType.BFloat16;

    /// <summary>The gradient in the space the state lives in (the identity here), before the step counter advances.</summary>
    protected virtual Tensor ProjectGradient(ParamGroup group, Tensor gradient, ParameterState state) => gradient;

    /// <summary>The update back in the parameter's shape (the identity here).</summary>
    protected virtual Tensor ProjectBack(ParamGroup group, Tensor update, ParameterState state) => update;

    /// <summary>
    /// Adafactor's direction for <paramref name="grad"/>: advances the step, records RMS(weights), updates the factored
    /// (or full) second moment, clips the update by its RMS, scales it by the applied learning rate and averages it with
    /// β1 when set. Returns the update and the learning rate it was scaled by.
    /// </summary>
    protected static (Tensor Update, double LearningRate) ScaledUpdate(ParamGroup group, Tensor weights, Tensor grad, ParameterState state)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(state);
        state.Step += 1;
        state.SetScalar("RMS", Rms(weights));
        var lr = AppliedLearningRate(group, state);
        var beta2t = 1.0 - Math.Pow(state.Step, group["decay_rate"]);
        var squared = grad.square().add_(Scalars.Keep(group.GetPair("eps").First));

        Tensor update;
        if (state.Contains("exp_avg_sq_row"))
        {
            var row = state.Tensor("exp_avg_sq_row");
            var column = state.Tensor("exp_avg_sq_col");
            row.mul_(Scalars.Keep(beta2t)).add_(squared.mean(new long[] { -1 }), Scalars.Keep(1.0 - beta2t));
            column.mul_(Scalars.Keep(beta2t)).add_(squared.mean(new long[] { -2 }), Scalars.Keep(1.0 - beta2t));
            var rowFactor = row.div(row.mean(new long[] { -1 }, keepdim: true)).rsqrt_().unsqueeze(-1);
            var columnFactor = column.unsqueeze(-2).rsqrt();
            update = rowFactor.mul(columnFactor).mul_(grad);
        }
        else
        {
            var second = state.Tensor("exp_avg_sq");
            second.mul_(Scalars.Keep(beta2t)).add_(squared, Scalars.Keep(1.0 - beta2t));
            update = second.rsqrt().mul_(grad);
        }

        update.div_(Scalars.Keep(Math.Max(Rms(update) / group["clip_threshold"], 1.0)));
        update.mul_(Scalars.Keep(lr));
        if (group.GetValue("beta1") is not null)
        {
            var beta1 = group["beta1"];
            var expAvg = state.Tensor("exp_avg");
            expAvg.mul_(Scalars.Keep(beta1)).add_(update, Scalars.Keep(1 - beta1));
            update = expAvg;
        }

        return (update, lr);
    }

    /// <summary>Weight decay scaled by the applied rate on the pre-update weights, then the update subtracted.</summary>
    protected static void Apply(ParamGroup group, Tensor weights, Tensor update, double lr)
    {
        ArgumentNullException.ThrowIfNull(group);
        ArgumentNullException.ThrowIfNull(weights);
        var weightDecay = group["weight_decay"];
        if (weightDecay != 0) weights.add_(weights, Scalars.Keep(-weightDecay * lr));
        weights.sub_(update);
    }
}
