using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>
/// Everything an optimizer factory may use: the parameter groups the Trainer built (decay / no-decay,
/// each with its <c>weight_decay</c>), the learning rate and Adam settings from <c>TrainingArguments</c>,
/// and the parsed <c>OptimArgs</c>. Mirrors the context of Transformers' optimizer handlers.
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

    /// <summary>Optimizer-specific arguments (TrainingArguments.OptimArgs).</summary>
    public OptimArgs OptimArgs { get; init; } = OptimArgs.Empty;

    /// <summary>The model, for optimizers that need more than parameters (LOMO, low-rank target modules).</summary>
    public object? Model { get; init; }

    /// <summary>Further Trainer settings some integrations read (e.g. "warmup_steps", "gradient_accumulation_steps").</summary>
    public IReadOnlyDictionary<string, object?> Settings { get; init; } = new Dictionary<string, object?>();

    /// <summary>A request over plain parameters in one group.</summary>
    public static OptimizerRequest For(IEnumerable<Tensor> parameters, double learningRate) =>
        new() { ParamGroups = [new ParamGroup(parameters)], LearningRate = learningRate };
}
