using Training.Optim;
using Training.Torch;

namespace Training.Integrations;

/// <summary>Constructor arguments of bitsandbytes' <c>Lion</c> (its class defaults).</summary>
public sealed record BitsAndBytesLionOptions : OptimizerOptions
{
    /// <summary>Learning rate.</summary>
    public double LearningRate { get; init; } = 1e-4;
    /// <summary>Interpolation factor of the update direction.</summary>
    public double Beta1 { get; init; } = 0.9;
    /// <summary>Decay of the momentum.</summary>
    public double Beta2 { get; init; } = 0.99;
    /// <summary>Decoupled weight decay.</summary>
    public double WeightDecay { get; init; }
    /// <summary>8 for a blockwise-quantised momentum, 32 for float32 (bitsandbytes' class default is 32).</summary>
    public int OptimBits { get; init; } = 32;
    /// <summary>Tensors with fewer elements keep float32 state.</summary>
    public long Min8BitSize { get; init; } = BitsAndBytesState.DefaultMin8BitSize;
    /// <summary>Paged (CUDA unified memory) state buffers; accepted for the Trainer's <c>paged_*</c> names, plain memory on CPU (numerically identical).</summary>
    public bool IsPaged { get; init; }

    /// <inheritdoc/>
    public override IReadOnlyDictionary<string, object?> ToDefaults() => new OrderedDictionary<string, object?>
    {
        ["lr"] = LearningRate, ["betas"] = new[] { Beta1, Beta2 }, ["weight_decay"] = WeightDecay,
    };

    /// <inheritdoc/>
    public override void ValidateGroup(ParamGroup group)
    {
        HyperParameters.LearningRate(group);
        HyperParameters.Betas(group);
        HyperParameters.NonNegative(group, "weight_decay");
        BitsAndBytesOptionChecks.Check(OptimBits, Min8BitSize);
    }
}

/// <summary>
/// bitsandbytes' <c>Lion</c> (<c>Optimizer1State("lion")</c>): decay before the sign step, one momentum
/// <c>state1</c> — blockwise 8-bit with the signed dynamic map (+ <c>absmax1</c>) when <c>optim_bits = 8</c> and the
/// tensor has at least <c>min_8bit_size</c> elements (1 + 4/256 bytes per element), float32 otherwise. The update
/// itself is <see cref="BitsAndBytesLionUpdate"/>.
/// </summary>
public sealed class BitsAndBytesLion : BitsAndBytesOptimizer
{
    private readonly BitsAndBytesLionOptions settings;

    /// <summary>Creates the optimizer over parameters.</summary>
    public BitsAndBytesLion(IEnumerable<Tensor> parameters, BitsAndBytesLionOptions? options = null) : this([new ParamGroup(parameters)], options) { }

    /// <summary>Creates the optimizer over groups.</summary>
    public BitsAndBytesLion(IEnumerable<ParamGroup> groups, BitsAndBytesLionOptions? options = null)
        : base(groups, options ?? new BitsAndBytesLionOptions()) =>
        settings = options ?? new BitsAndBytesLionOptions();

    /// <inheritdoc/>
    public override string Name => settings.OptimBits == 8 ? "Lion8bit" : "Lion32bit";

    /// <inheritdoc/>
    protected override int OptimBits => settings.OptimBits;

    /// <inheritdoc/>
    protected override long Min8BitSize => settings.Min8BitSize;

    /// <inheritdoc/>
    protected override void InitializeState(ParamGroup group, Tensor parameter, ParameterState state) =>
        BitsAndBytesState.EnsureCreated(parameter, state, 1, OptimBitsFor(parameter), Min8BitSize);

    /// <inheritdoc/>
    protected override void Update(ParamGroup group, Tensor parameter, Tensor gradient, ParameterState state)
    {
        var (beta1, beta2) = group.GetPair("betas");
        BitsAndBytesLionUpdate.Apply(parameter, gradient, state, new BitsAndBytesLionSettings(
            group.LearningRate, beta1, beta2, group["weight_decay"], OptimBitsFor(parameter), Min8BitSize));
    }
}
