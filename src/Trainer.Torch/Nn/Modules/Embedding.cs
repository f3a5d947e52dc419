using static Training.Torch.torch;

namespace Training.Torch.Modules;

/// <summary>A lookup table: row i of <see cref="weight"/> is the vector of index i.</summary>
public sealed class Embedding : nn.Module<Tensor, Tensor>
{
    private readonly bool scaleGradByFreq;

    /// <summary>
    /// Creates the table initialised from N(0, 1); the row at <paramref name="padding_idx"/> (negative counts from the
    /// end) is zero and receives no gradient. <paramref name="max_norm"/> and <paramref name="sparse"/> are not
    /// supported by this binding and throw <see cref="NotSupportedException"/> when used.
    /// </summary>
    public Embedding(long num_embeddings, long embedding_dims, long? padding_idx = null, double? max_norm = null, double norm_type = 2.0,
        bool scale_grad_by_freq = false, bool sparse = false, Device? device = null, ScalarType? dtype = null)
        : base(nameof(Embedding))
    {
        ArgumentOutOfRangeException.ThrowIfNegative(num_embeddings);
        ArgumentOutOfRangeException.ThrowIfNegative(embedding_dims);
        if (max_norm is not null) throw new NotSupportedException("Embedding(max_norm) is not supported by this binding");
        if (sparse) throw new NotSupportedException("sparse Embedding gradients are not supported by this binding");
        this.padding_idx = padding_idx is null ? null : nn.functional.NormalizePaddingIndex(padding_idx.Value, num_embeddings);
        scaleGradByFreq = scale_grad_by_freq;
        register_parameter("weight", Parameter.Empty([num_embeddings, embedding_dims], device, dtype));
        reset_parameters();
    }

    /// <summary>The index whose row stays zero and untrained, or null.</summary>
    public long? padding_idx { get; }

    /// <summary>The table, [num_embeddings, embedding_dim]; settable (e.g. to load pretrained vectors).</summary>
    public Parameter weight
    {
        get => OwnParameter(nameof(weight))!;
        set => ReplaceParameter(nameof(weight), value ?? throw new ArgumentNullException(nameof(value)));
    }

    /// <summary>Re-draws the table from N(0, 1) and zeroes the padding row.</summary>
    public void reset_parameters()
    {
        nn.init.normal_(weight);
        if (padding_idx is null) return;
        using var row = weight[padding_idx.Value];
        nn.init.zeros_(row);
    }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => nn.functional.embedding(input, weight, padding_idx, scaleGradByFreq);
}
