using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// The registry entries of the Lomo family (Transformers' <c>optim</c> names <c>lomo</c>, <c>adalomo</c>). As in
/// Transformers the optimizer is built from the model (<c>Lomo(model, lr=learning_rate)</c>), not from the Trainer's
/// decay/no-decay groups, so <c>TrainingArguments.weight_decay</c> does not apply. <c>OptimArgs</c> may set
/// <c>clip_grad_norm</c>, <c>clip_grad_value</c>, <c>weight_decay</c>, and for AdaLomo also <c>loss_scale</c>,
/// <c>clip_threshold</c>, <c>decay_rate</c>.
/// </summary>
public static class LomoEntries
{
    private static readonly string[] LomoKeys = ["clip_grad_norm", "clip_grad_value", "weight_decay"];
    private static readonly string[] AdaLomoKeys = [.. LomoKeys, "loss_scale", "clip_threshold", "decay_rate"];

    /// <summary>Every entry of this family.</summary>
    public static IReadOnlyList<OptimizerDescriptor> All { get; } =
    [
        new("lomo", "LOMO: SGD fused into backward (each gradient is applied and freed as soon as it exists); no state. "
                    + "OptimArgs: clip_grad_norm (two backward passes), clip_grad_value, weight_decay", 0,
            LomoFor(Default).Arguments("lomo").Only(LomoKeys),
            (request, arguments, _) => new Lomo(ModelOf(request, "lomo"), LomoFor(request).With(arguments))),
        new("adalomo", "AdaLomo: Adafactor-style factored second moment fused into backward; state 4(m+n) bytes per m×n matrix "
                       + "(8/1024 ≈ 0.0078 byte/param at 1024x1024), 4n per vector. OptimArgs: clip_grad_norm, clip_grad_value, weight_decay, "
                       + "loss_scale, clip_threshold, decay_rate", 8.0 / 1024,
            AdaLomoFor(Default).Arguments("adalomo").Only(AdaLomoKeys),
            (request, arguments, _) => new AdaLomo(ModelOf(request, "adalomo"), AdaLomoFor(request).With(arguments))),
    ];

    private static OptimizerRequest Default => new() { ParamGroups = [] };

    private static LomoOptions LomoFor(OptimizerRequest r) => new() { LearningRate = r.LearningRate };

    private static AdaLomoOptions AdaLomoFor(OptimizerRequest r) => new() { LearningRate = r.LearningRate };

    private static torch.nn.Module ModelOf(OptimizerRequest request, string name) =>
        request.Model
        ?? throw new ArgumentException($"optim '{name}' is built from the model (its update is fused into backward), but the optimizer request has none", nameof(request));
}
