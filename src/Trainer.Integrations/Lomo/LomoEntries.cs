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
            (request, _) => new Lomo(ModelOf(request, "lomo"), LomoFor(request))),
        new("adalomo", "AdaLomo: Adafactor-style factored second moment fused into backward; state 4(m+n) bytes per m×n matrix "
                       + "(≈0.01 byte/param for large matrices), 4n per vector. OptimArgs: clip_grad_norm, clip_grad_value, weight_decay, "
                       + "loss_scale, clip_threshold, decay_rate", 0.01,
            (request, _) => new AdaLomo(ModelOf(request, "adalomo"), AdaLomoFor(request))),
    ];

    private static LomoOptions LomoFor(OptimizerRequest r)
    {
        var args = Checked(r.OptimArgs, LomoKeys, "Lomo");
        return new LomoOptions
        {
            LearningRate = r.LearningRate,
            ClipGradNorm = args.GetNullableDouble("clip_grad_norm", null),
            ClipGradValue = args.GetNullableDouble("clip_grad_value", null),
            WeightDecay = args.GetDouble("weight_decay", 0.0),
        };
    }

    private static AdaLomoOptions AdaLomoFor(OptimizerRequest r)
    {
        var args = Checked(r.OptimArgs, AdaLomoKeys, "AdaLomo");
        var defaults = new AdaLomoOptions();
        return defaults with
        {
            LearningRate = r.LearningRate,
            ClipGradNorm = args.GetNullableDouble("clip_grad_norm", null),
            ClipGradValue = args.GetNullableDouble("clip_grad_value", null),
            WeightDecay = args.GetDouble("weight_decay", 0.0),
            LossScale = args.GetDouble("loss_scale", defaults.LossScale),
            ClipThreshold = args.GetDouble("clip_threshold", defaults.ClipThreshold),
            DecayRate = args.GetDouble("decay_rate", defaults.DecayRate),
        };
    }

    private static OptimArgs Checked(OptimArgs args, string[] accepted, string name)
    {
        foreach (var key in args.Values.Keys)
            if (!accepted.Contains(key))
                throw OptimArgs.NotAnArgument(key, name, accepted);
        return args;
    }

    private static torch.nn.Module ModelOf(OptimizerRequest request, string name) =>
        request.Model as torch.nn.Module
        ?? throw new ArgumentException($"optim '{name}' is built from the model (its update is fused into backward): the request's Model must be a torch.nn.Module, got {request.Model?.GetType().Name ?? "null"}", nameof(request));
}
