using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Checks shared by LOMO and AdaLomo.</summary>
internal static class LomoValidation
{
    public static void Common(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.NonNegative(group, "weight_decay");
        // The reference rejects clip_grad_norm <= 0 (ValueError "clip_grad_norm should be positive").
        if (group.GetValue("clip_grad_norm") is double norm && !(norm > 0 && double.IsFinite(norm)))
            throw new ArgumentOutOfRangeException("clip_grad_norm", norm, $"Invalid clip_grad_norm: {norm} (must be positive, or null to disable)");
        if (group.GetValue("clip_grad_value") is double value && !(value >= 0 && double.IsFinite(value)))
            throw new ArgumentOutOfRangeException("clip_grad_value", value, $"Invalid clip_grad_value: {value} (must be a finite value >= 0, or null to disable)");
    }
}

/// <summary>
/// LOMO (Lv et al. 2023, "Full Parameter Fine-tuning for Large Language Models with Limited Resources"): SGD fused
/// into backward, <c>p ← p·(1 − lr·wd) − lr·clip(g)</c>, computed in float32 and written back in the parameter's
/// dtype. No optimizer state; no gradient survives the backward pass.
/// </summary>
public sealed class Lomo : FusedBackwardOptimizer
{
    /// <summary>Creates LOMO over the trainable parameters of <paramref name="model"/>.</summary>
    public Lomo(torch.nn.Module model, LomoOptions? options = null) : base(model, options ?? new LomoOptions()) { }

    /// <summary>Creates LOMO with the reference's positional <c>lr</c>.</summary>
    public Lomo(torch.nn.Module model, double lr) : this(model, new LomoOptions { LearningRate = lr }) { }

    /// <inheritdoc/>
    public override string Name => "Lomo";

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) { }

    /// <inheritdoc/>
    protected override void UpdateParameter(string name, Tensor parameter, Tensor gradient)
    {
        var lr = CurrentLearningRate;
        var weightDecay = Group["weight_decay"];
        // For a float32 parameter .to(float32) shares the parameter's data (updated in place, as the reference); otherwise a copy written back.
        var master = parameter.to(ScalarType.Float32);
        if (weightDecay > 0) master.mul_(Scalars.Keep(1.0 - lr * weightDecay));
        master.add_(gradient, Scalars.Keep(-lr));
        if (parameter.dtype != ScalarType.Float32) parameter.copy_(master);
    }
}
