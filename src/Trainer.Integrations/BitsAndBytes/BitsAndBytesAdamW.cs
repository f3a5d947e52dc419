using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>Constructor arguments of bitsandbytes' <c>AdamW</c> (its class defaults).</summary>
public sealed record BitsAndBytesAdamWOptions : BitsAndBytesOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-3;
    /// <summary>β1.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>β2.</summary>
    public double Beta2 { get; init; } = 0.999;
    /// <summary>ε.</summary>
    public double Eps { get; init; } = 1e-8;
    /// <summary>Decoupled weight decay (the Trainer's groups override it).</summary>
    public double WeightDecay { get; init; } = 1e-2;

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["eps"] = Eps, ["weight_decay"] = WeightDecay,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "eps");
        HyperParameters.NonNegative(group, "weight_decay");
        CheckBits();
    }
}

/// <summary>
/// bitsandbytes' <c>AdamW</c> (<c>Optimizer2State("adam")</c>) with its CPU-backend semantics: decoupled decay before
/// the Adam step; with <c>optim_bits = 8</c> tensors of at least <c>min_8bit_size</c> elements keep both moments as
/// blockwise 8-bit codes (2 + 8/256 bytes per element). State: <c>step</c>, <c>state1</c>, <c>state2</c>
/// (+ <c>absmax1</c>, <c>absmax2</c>). The update itself is <see cref="BitsAndBytesAdamUpdate"/>.
/// </summary>
public sealed class BitsAndBytesAdamW : BitsAndBytesOptimizer
{
    /// <summary>Creates the optimizer over parameters.</summary>
    public BitsAndBytesAdamW(IEnumerable<Tensor> parameters, BitsAndBytesAdamWOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates the optimizer over groups.</summary>
    public BitsAndBytesAdamW(IEnumerable<ParamGroup> groups, BitsAndBytesAdamWOptions? options = null)
        : base(groups, options ?? new BitsAndBytesAdamWOptions(), "AdamW", 2) { }

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        BitsAndBytesAdamUpdate.Apply(parameter, gradient, state, new BitsAndBytesAdamSettings(
            group.LearningRate, beta1, beta2, group["eps"], group["weight_decay"], OptimBitsFor(parameter), Min8BitSize));
    }
}
