using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>Layer normalisation over the trailing <see cref="normalized_shape"/> dimensions, with a learned scale and shift.</summary>
public sealed class LayerNorm : nn.Module<Tensor, Tensor>
{
    private readonly long[] normalizedShape;

    /// <summary>Creates the layer; the scale starts at one and the shift at zero.</summary>
    public LayerNorm(long[] normalized_shape, double eps = 1e-05, bool elementwise_affine = true, bool bias = true,
        Device? device = null, ScalarType? dtype = null)
        : base(nameof(LayerNorm))
    {
        ArgumentNullException.ThrowIfNull(normalized_shape);
        if (normalized_shape.Length == 0) throw new ArgumentException("normalized_shape must have at least one dimension", nameof(normalized_shape));
        normalizedShape = (long[])normalized_shape.Clone();
        this.eps = eps;
        register_parameter("weight", elementwise_affine ? Parameter.Empty(normalizedShape, device, dtype) : null);
        register_parameter("bias", elementwise_affine && bias ? Parameter.Empty(normalizedShape, device, dtype) : null);
        reset_parameters();
    }

    /// <summary>The normalised trailing shape.</summary>
    public long[] normalized_shape => (long[])normalizedShape.Clone();

    /// <summary>The value added to the variance for numerical stability.</summary>
    public double eps { get; }

    /// <summary>The learned scale, or null without elementwise affine.</summary>
    public Parameter? weight
    {
        get => OwnParameter(nameof(weight));
        set => ReplaceParameter(nameof(weight), value);
    }

    /// <summary>The learned shift, or null.</summary>
    public Parameter? bias
    {
        get => OwnParameter(nameof(bias));
        set => ReplaceParameter(nameof(bias), value);
    }

    /// <summary>Resets the scale to one and the shift to zero.</summary>
    public void reset_parameters()
    {
        if (weight is not null) nn.init.ones_(weight);
        if (bias is not null) nn.init.zeros_(bias);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.layer_norm(input, normalizedShape, weight, bias, eps);
}
