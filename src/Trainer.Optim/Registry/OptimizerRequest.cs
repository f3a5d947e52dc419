using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// Everything an optimizer factory may use: the parameter groups the Trainer built (decay / no-decay,
/// each with its <c>weight_decay</c>), the learning rate and Adam settings from <c>TrainingArguments</c>,
/// <c>OptimArgs</c> bound against the entry's declared arguments, the model and the Trainer facts some integrations
/// need. Mirrors the context of Transformers' optimizer handlers.
/// </summary>
public sealed record OptimizerRequest
{
    /// <summary>The parameter groups to optimize.</summary>
    public required IReadOnlyList<ParamGroup> ParamGroups { get; init; }

    /// <summary>The initial learning rate (TrainingArguments.LearningRate).</summary>
    public double LearningRate { get; init; } = 5e-5;

    /// <summary>β1 for Adam-style optimizers (TrainingArguments.AdamBeta1).</summary>
    public double AdamBeta1 { get; init; } = 0.9;

    /// <summary>β2 for Adam-style optimizers (TrainingArguments.AdamBeta2).</summary>
    public double AdamBeta2 { get; init; } = 0.999;

    /// <summary>ε for Adam-style optimizers (TrainingArguments.AdamEpsilon).</summary>
    public double AdamEpsilon { get; init; } = 1e-8;

    /// <summary>The weight decay of the decay group (TrainingArguments.WeightDecay); most optimizers get it through the groups.</summary>
    public double WeightDecay { get; init; }

    /// <summary>
    /// <c>TrainingArguments.OptimArgs</c> as given. An entry that declares its arguments reads
    /// <see cref="Arguments"/> instead; this raw form is for entries that do not (a user's own factory).
    /// </summary>
    public OptimArgs OptimArgs { get; init; } = OptimArgs.Empty;

    /// <summary>
    /// <see cref="OptimArgs"/> bound against the entry's <see cref="OptimizerDescriptor.Arguments"/> (typed, checked,
    /// defaults filled in) by the registry before the factory runs; null when the entry declares none.
    /// </summary>
    public BoundArguments? Arguments { get; init; }

    /// <summary>The model, for optimizers that need more than parameters (LOMO, low-rank target modules, layer-wise hooks).</summary>
    public torch.nn.Module? Model { get; init; }

    /// <summary>Warm-up steps resolved against the run length (TrainingArguments.WarmupSteps / WarmupRatio); Schedule-Free warms up by itself.</summary>
    public long WarmupSteps { get; init; }

    /// <summary>Micro-batches per update (TrainingArguments.GradientAccumulationSteps).</summary>
    public int GradientAccumulationSteps { get; init; } = 1;

    /// <summary>The Linear modules low-rank optimizers project (TrainingArguments.OptimTargetModules), or null.</summary>
    public OptimTargetModules? TargetModules { get; init; }

    /// <summary>A request over plain parameters in one group.</summary>
    public static OptimizerRequest For(IEnumerable<Tensor> parameters, double learningRate) =>
        new() { ParamGroups = [new ParamGroup(parameters)], LearningRate = learningRate };
}
