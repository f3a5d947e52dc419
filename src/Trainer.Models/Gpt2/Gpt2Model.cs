using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>
/// The GPT-2 transformer without a head (Transformers' <c>GPT2Model</c>, the <c>transformer.</c> of
/// <c>GPT2LMHeadModel</c>): token embeddings <c>wte</c> plus position embeddings <c>wpe</c> of positions 0..T−1,
/// dropout, the blocks <c>h.0</c> ... and the final layer norm <c>ln_f</c>, giving hidden states [B, T, C].
/// </summary>
public sealed class Gpt2Model : nn.Module<Tensor, Tensor?, Tensor>
{
    // Field order is registration order, which is Transformers' module order.
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly Dropout drop;

    [ComponentName(Name = "h")]
    private readonly ModuleList<Gpt2Block> blocks;

    [ComponentName(Name = "ln_f")]
    private readonly LayerNorm lnF;

    private readonly Gpt2Config config;

    /// <summary>Creates the transformer for <paramref name="config"/>; its weights are uninitialised until <see cref="Gpt2ForCausalLM"/> draws or loads them.</summary>
    public Gpt2Model(Gpt2Config config)
        : base(nameof(Gpt2Model))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        this.config = config;
        wte = nn.Embedding(config.VocabSize, config.EmbeddingDim);
        wpe = nn.Embedding(config.Positions, config.EmbeddingDim);
        drop = nn.Dropout(config.EmbeddingDropout);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(i => new Gpt2Block(config, i)).ToArray());
        lnF = nn.LayerNorm([config.EmbeddingDim], config.LayerNormEpsilon);
        RegisterComponents();
    }

    /// <summary>The token embedding [vocab, C] (<c>wte</c>).</summary>
    public Embedding TokenEmbedding => wte;

    /// <summary>The position embedding [n_positions, C] (<c>wpe</c>).</summary>
    public Embedding PositionEmbedding => wpe;

    /// <summary>The blocks, first to last (<c>h</c>).</summary>
    public IReadOnlyList<Gpt2Block> Blocks => new System.Collections.ObjectModel.ReadOnlyCollection<Gpt2Block>(blocks);

    /// <summary>The final layer norm (<c>ln_f</c>).</summary>
    public LayerNorm FinalNorm => lnF;

    /// <summary>
    /// Hidden states [B, T, C] for token ids <paramref name="input"/> [B, T] (T ≤ n_positions) with an optional
    /// Hugging Face <paramref name="attentionMask"/> [B, T] (1 = token, 0 = padding; padded keys are not attended to).
    /// </summary>
    public override Tensor forward(Tensor input, Tensor? attentionMask) => Run(input, attentionMask, null);

    /// <summary><see cref="forward"/> for positions that continue the ones in <paramref name="cache"/>, when given (no mask then).</summary>
    internal Tensor Run(Tensor input, Tensor? attentionMask, Gpt2KeyValueCache? cache)
    {
        ArgumentNullException.ThrowIfNull(input);
        if (input.ndim != 2) throw new ArgumentException($"input_ids must be [batch, length], got [{string.Join(", ", input.shape)}]", nameof(input));
        var (batch, length) = (input.size(0), input.size(1));
        var past = cache?.Length ?? 0;
        if (past + length > config.Positions)
            throw new ArgumentException(
                $"input_ids holds {past + length} positions but this GPT-2 has n_positions = {config.Positions} position embeddings; crop or split the sequence",
                nameof(input));

        // The position embeddings of past..past+T-1 are rows of wpe: a view, where an embedding lookup would gather
        // (and scatter in backward).
        var positions = TinyGpt.EmbeddingWeight(wpe).narrow(0, past, length);
        var x = wte.call(input).add(positions);
        if (config.EmbeddingDropout > 0) x = drop.call(x);
        var mask = Gpt2AttentionMask.Build(attentionMask, batch, length, x.dtype);
        foreach (var block in blocks) x = cache is null ? block.call(x, mask) : block.Run(x, mask, cache);
        cache?.Advance(length);
        return lnF.call(x);
    }
}
