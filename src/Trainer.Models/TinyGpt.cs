using TorchSharp.Modules;
using TorchSharp.Utils;

namespace Training.Models;

/// <summary>
/// A small GPT (nanoGPT's architecture): token and position embeddings, pre-LN transformer blocks, a final layer norm
/// and a linear head, returning logits [B, T, vocab] for token ids [B, T]. Parameter names follow nanoGPT without its
/// <c>transformer.</c> prefix (wte, wpe, h.0.attn.c_attn.weight, ln_f, lm_head), so a state dict loads into the PyTorch
/// twin in bench/python/tinygpt.py. Every tensor a call creates lands in the caller's dispose scope.
/// </summary>
public sealed partial class TinyGpt : nn.Module<Tensor, Tensor>
{
    // Field order is registration order (RegisterComponents), which is the PyTorch twin's module order.
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly Dropout drop;

    [ComponentName(Name = "h")]
    private readonly ModuleList<TransformerBlock> blocks;

    [ComponentName(Name = "ln_f")]
    private readonly LayerNorm lnF;

    [ComponentName(Name = "lm_head")]
    private readonly Linear lmHead;

    /// <summary>
    /// Creates the model and initialises it as GPT-2: every linear and embedding weight from N(0, 0.02²), the residual
    /// output projections from N(0, (0.02/√(2·layers))²), biases zero, layer norms one/zero. Weights are drawn from
    /// <paramref name="generator"/> (or the default generator) in module order, as the PyTorch twin does, so equal
    /// seeds give equal models in both.
    /// </summary>
    public TinyGpt(TinyGptConfig config, Generator? generator = null)
        : base(nameof(TinyGpt))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        wte = nn.Embedding(config.VocabSize, config.EmbeddingDim);
        wpe = nn.Embedding(config.BlockSize, config.EmbeddingDim);
        drop = nn.Dropout(config.Dropout);
        blocks = nn.ModuleList(Enumerable.Range(0, config.Layers).Select(_ => new TransformerBlock(config)).ToArray());
        lnF = nn.LayerNorm([config.EmbeddingDim], bias: config.Bias);
        lmHead = nn.Linear(config.EmbeddingDim, config.VocabSize, hasBias: false);
        // The very Parameter object wte registered, not a new wrapper from its weight getter: parameters() tells
        // parameters apart by wrapper handle, so only a shared object lists (and optimizes) the tied matrix once.
        if (config.TieWeights) lmHead.weight = EmbeddingWeight(wte);
        RegisterComponents();

        // TorchSharp's native modules (Embedding) wrap their parameters in the dispose scope current at construction;
        // the model owns them, so a model built inside a scope must not lose them when that scope closes.
        foreach (var (_, parameter) in named_parameters()) parameter.DetachFromDisposeScope();
        TinyGptInitialization.Apply(this, generator);
    }

    /// <summary>The configuration the model was built with.</summary>
    public TinyGptConfig Config { get; }

    /// <summary>The transformer blocks, first to last.</summary>
    public IReadOnlyList<TransformerBlock> Blocks => new System.Collections.ObjectModel.ReadOnlyCollection<TransformerBlock>(blocks);

    /// <summary>The output head (its weight is the token embedding when <see cref="TinyGptConfig.TieWeights"/>).</summary>
    public Linear Head => lmHead;

    /// <summary>The token embedding.</summary>
    public Embedding TokenEmbedding => wte;

    /// <summary>The number of parameters (a tied matrix counts once).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>Logits [B, T, vocab] for token ids <paramref name="input"/> [B, T] (T ≤ block size).</summary>
    public override Tensor forward(Tensor input) => lmHead.call(Hidden(input));

    /// <summary>
    /// The mean cross entropy of the next-token predictions for <paramref name="input"/> [B, T] against
    /// <paramref name="targets"/> [B, T] (logits and targets flattened to [B·T, vocab] and [B·T]).
    /// </summary>
    public Tensor Loss(Tensor input, Tensor targets)
    {
        ArgumentNullException.ThrowIfNull(targets);
        var logits = forward(input);
        return nn.functional.cross_entropy(logits.view(-1, Config.VocabSize), targets.reshape(-1));
    }

    /// <summary>
    /// The next-token cross entropy normalised for gradient accumulation (Transformers' <c>num_items_in_batch</c>):
    /// with <paramref name="numItemsInBatch"/> — the targets other than -100 over every micro-batch of the update — the
    /// <em>sum</em> over this batch's targets divided by it, so an update's micro-batches add up to the mean over all
    /// their targets; without it (evaluation), the mean of <see cref="Loss(Tensor, Tensor)"/>. Targets of -100 are ignored.
    /// </summary>
    public Tensor Loss(Tensor input, Tensor targets, long? numItemsInBatch)
    {
        ArgumentNullException.ThrowIfNull(targets);
        if (numItemsInBatch is not long items) return Loss(input, targets);
        var logits = forward(input);
        // An explicit Scalar, disposed here: an implicit conversion's would wait for the finalizer, every step.
        using Scalar divisor = items.ToScalar();
        return nn.functional.cross_entropy(logits.view(-1, Config.VocabSize), targets.reshape(-1), reduction: nn.Reduction.Sum).div(divisor);
    }

    // The final hidden states [B, T, C] (after ln_f): forward applies the head to all of them, generation to the last.
    private Tensor Hidden(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = input.size(1);
        if (t > Config.BlockSize)
            throw new ArgumentException($"sequence length {t} exceeds the block size {Config.BlockSize}", nameof(input));

        // The position embeddings of 0..T-1 are the first T rows of wpe: a view, where an embedding lookup would gather
        // (and scatter in backward).
        var weight = EmbeddingWeight(wpe);
        var positions = t == Config.BlockSize ? weight : weight.narrow(0, 0, t);
        var x = wte.call(input).add(positions);
        if (Config.Dropout > 0) x = drop.call(x);
        foreach (var block in blocks) x = block.call(x);
        return lnF.call(x);
    }

    // The registered weight of a native Embedding: its weight getter would create (and scope) a new wrapper per call.
    internal static Parameter EmbeddingWeight(Embedding embedding) =>
        embedding.get_parameter("weight") ?? throw new InvalidOperationException("the embedding has no weight");
}
