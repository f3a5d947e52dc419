using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>A fully connected layer: y = x·Wᵀ + b, with W of shape [out_features, in_features].</summary>
public sealed class Linear : nn.Module<Tensor, Tensor>
{
    /// <summary>
    /// Creates the layer with PyTorch's initialisation: W by kaiming_uniform_(a = √5), i.e. U(-1/√in, 1/√in), and b
    /// from the same range.
    /// </summary>
    public Linear(long inputSize, long outputSize, bool hasBias = true, Device? device = null, ScalarType? dtype = null)
        : base(nameof(Linear))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(inputSize);
        ArgumentOutOfRangeException.ThrowIfNegative(outputSize);
        register_parameter("weight", Parameter.Empty([outputSize, inputSize], device, dtype));
        register_parameter("bias", hasBias ? Parameter.Empty([outputSize], device, dtype) : null);
        reset_parameters();
    }

    /// <summary>Creates the layer around existing parameters (weight [out, in], optional bias [out]).</summary>
    public Linear(Parameter weight, Parameter? bias = null)
        : base(nameof(Linear))
    {
        ArgumentNullException.ThrowIfNull(weight);
        if (weight.ndim != 2) throw new ArgumentException($"a Linear weight must be 2-d, got shape [{string.Join(", ", weight.shape)}]", nameof(weight));
        register_parameter("weight", weight);
        register_parameter("bias", bias);
    }

    /// <summary>The number of input features.</summary>
    public long in_features => weight.size(1);

    /// <summary>The number of output features.</summary>
    public long out_features => weight.size(0);

    /// <summary>The weight, [out_features, in_features]; settable (e.g. to tie it to an embedding).</summary>
    public Parameter weight
    {
        get => OwnParameter(nameof(weight))!;
        set => ReplaceParameter(nameof(weight), value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>The bias, [out_features], or null.</summary>
    public Parameter? bias
    {
        get => OwnParameter(nameof(bias));
        set => ReplaceParameter(nameof(bias), value);
    }

    /// <summary>Re-draws the weight and bias from PyTorch's default distributions.</summary>
    public void reset_parameters()
    {
        nn.init.kaiming_uniform_(weight, a: Math.Sqrt(5));
        if (bias is null) return;
        var fanIn = nn.init.CalculateFanInAndFanOut(weight).fanIn;
        var bound = fanIn > 0 ? 1 / Math.Sqrt(fanIn) : 0;
        nn.init.uniform_(bias, -bound, bound);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.linear(input, weight, bias);
}
