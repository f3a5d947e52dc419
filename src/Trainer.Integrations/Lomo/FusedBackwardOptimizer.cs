using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using Training.TorchExtensions.Autograd;

namespace Training.Integrations;

/// <summary>
/// The machinery LOMO and AdaLomo share (OpenLMLab/LOMO <c>lomo_optim</c>): every trainable parameter is consumed
/// (its <c>.grad</c> read, cleared, then measured or applied) as soon as its gradient is complete, through
/// <see cref="GradientReadyHooks"/>: inside backward for the parameters of a module invoked with <c>call()</c> whose
/// input carries a gradient, right after backward for the rest (the first layer, embeddings fed token ids, tied
/// weights, modules invoked with <c>forward()</c>). So at most about one module's gradients are alive at any moment.
/// Only <see cref="FusedBackward"/> and <see cref="GradNorm"/> update or measure; a plain <c>loss.backward()</c>
/// leaves the gradients alone. <see cref="Optimizer.Step"/> does nothing: the update already happened.
/// </summary>
public abstract class FusedBackwardOptimizer : Optimizer, IFusedBackwardOptimizer
{
    private readonly IReadOnlyList<(string Name, Tensor Parameter)> named;
    private readonly Dictionary<IntPtr, string> names;
    private readonly GradientReadyRegistration registration;
    private readonly List<Tensor> gradientNorms = [];
    private bool gatherNorm;
    private float? clipCoefficient;
    private double currentLearningRate;

    /// <summary>Registers the callbacks on <paramref name="model"/>'s trainable parameters (one group, <c>named_parameters()</c> order).</summary>
    protected FusedBackwardOptimizer(torch.nn.Module model, OptimizerOptions options)
        : base([new ParamGroup(Trainable(model).Select(p => p.Parameter))], options)
    {
        named = Trainable(model);
        foreach (var (name, parameter) in named)
        {
            // The reference's fp16 path needs its dynamic loss scaler (overflow detection, skipped steps), which
            // this port does not implement; refusing is safer than silently training without it.
            if (parameter.dtype == ScalarType.Float16)
                throw new ArgumentException($"{Name}: parameter '{name}' is float16, which is not supported (LOMO's fp16 path needs its dynamic loss scaler, and the CPU kernels lack float16 matmul); use float32 or bfloat16", nameof(model));
        }

        names = named.ToDictionary(p => TensorIdentity.Of(p.Parameter), p => p.Name);
        registration = GradientReadyHooks.Register(model, named.Select(p => p.Parameter), Consume);
        currentLearningRate = ParamGroups[0].LearningRate;
    }

    /// <summary>The trainable parameters with their names, in update order.</summary>
    protected IReadOnlyList<(string Name, Tensor Parameter)> NamedParameters => named;

    /// <summary>The learning rate of the backward pass in progress (the one handed to <see cref="FusedBackward"/>).</summary>
    protected double CurrentLearningRate => currentLearningRate;

    /// <summary>The group holding every parameter.</summary>
    protected ParamGroup Group => ParamGroups[0];

    /// <summary>The clip coefficient of the last <see cref="GradNorm"/> pass (float32 like the reference's tensor), or null.</summary>
    public double? ClipCoefficient => clipCoefficient;

    /// <summary>Gradient-norm clipping threshold (<c>clip_grad_norm</c>), or null.</summary>
    protected double? ClipGradNorm => Group.GetValue("clip_grad_norm") is double d ? d : null;

    /// <summary>Gradient-value clipping threshold (<c>clip_grad_value</c>), or null.</summary>
    protected double? ClipGradValue => Group.GetValue("clip_grad_value") is double d ? d : null;

    /// <inheritdoc/>
    public bool ClipsGradNorm => ClipGradNorm is > 0;

    /// <summary>The factor the loss is multiplied by before backward (AdaLomo's <c>loss_scale</c>; 1 for LOMO).</summary>
    protected virtual double LossScale => 1.0;

    /// <summary>Called at the start of <see cref="FusedBackward"/> (AdaLomo advances its step counter here).</summary>
    protected virtual void OnFusedBackward() { }

    /// <summary>Updates one parameter from its float32 gradient (already unscaled and clipped), under no_grad.</summary>
    protected abstract void UpdateParameter(string name, Tensor parameter, Tensor gradient);

    /// <inheritdoc/>
    public double GradNorm(Tensor loss)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ObjectDisposedException.ThrowIf(registration.IsDisposed, this);
        gatherNorm = true;
        try
        {
            using var scope = torch.NewDisposeScope();
            var scaled = LossScale != 1.0 ? loss.mul(Scalars.Keep(LossScale)) : loss;
            registration.Backward(scaled, retainGraph: true);
            using (torch.no_grad())
            {
                var total = gradientNorms.Count == 0 ? torch.zeros([], ScalarType.Float32) : torch.stack(gradientNorms).norm();
                // As the reference: clip / (total + 1e-6) in float32, clamped at 1.
                var coefficient = total.add(Scalars.Keep(1e-6)).reciprocal().mul(Scalars.Keep(ClipGradNorm ?? double.PositiveInfinity)).clamp_max(Scalars.Keep(1.0));
                clipCoefficient = coefficient.item<float>();
                return total.item<float>();
            }
        }
        finally
        {
            foreach (var n in gradientNorms) n.Dispose();
            gradientNorms.Clear();
            gatherNorm = false;
        }
    }

    /// <inheritdoc/>
    public void FusedBackward(Tensor loss, double learningRate)
    {
        ArgumentNullException.ThrowIfNull(loss);
        ObjectDisposedException.ThrowIf(registration.IsDisposed, this);
        if (ClipsGradNorm && clipCoefficient is null)
            throw new InvalidOperationException($"{Name}: clip_grad_norm is set but no clip coefficient exists; call GradNorm(loss) before FusedBackward(loss, lr)");
        currentLearningRate = learningRate;
        OnFusedBackward();
        using var scope = torch.NewDisposeScope();
        var scaled = LossScale != 1.0 ? loss.mul(Scalars.Keep(LossScale)) : loss;
        registration.Backward(scaled);
    }

    // Called once per parameter and pass as soon as its gradient is complete (inside backward when possible).
    private void Consume(Tensor parameter)
    {
        using var grad = torch.no_grad();
        using var scope = torch.NewDisposeScope();
        var stored = parameter.grad;
        if (stored is null) return;
        parameter.grad = null;
        // An fp32 gradient is used in place (it has no other owner now), as the reference's .to(float32).
        var gradient = stored.to(ScalarType.Float32);
        if (LossScale != 1.0) gradient.div_(Scalars.Keep(LossScale));
        if (gatherNorm)
        {
            gradientNorms.Add(gradient.norm().DetachFromDisposeScope());
            return;
        }

        if (ClipGradValue is double value && value > 0) gradient.clamp_(Scalars.Keep(-value), Scalars.Keep(value));
        if (ClipsGradNorm && clipCoefficient is float coefficient) gradient.mul_(Scalars.Keep(coefficient));
        UpdateParameter(names[TensorIdentity.Of(parameter)], parameter, gradient);
    }

    /// <summary>Does nothing: the update happens inside <see cref="FusedBackward"/> (the reference's <c>step()</c> is a no-op too).</summary>
    protected sealed override void StepGroup(ParamGroup group) { }

    /// <inheritdoc/>
    protected override void ReleaseResources() => registration.Dispose();

    private static IReadOnlyList<(string Name, Tensor Parameter)> Trainable(torch.nn.Module model)
    {
        ArgumentNullException.ThrowIfNull(model);
        // A tied weight is listed once per module registering it (under different wrappers): keep its first name.
        return model.named_parameters().Where(p => p.parameter.requires_grad).DistinctBy(p => TensorIdentity.Of(p.parameter))
            .Select(p => (p.name, (Tensor)p.parameter)).ToList();
    }
}
