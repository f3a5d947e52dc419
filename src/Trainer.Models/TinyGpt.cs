using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;
using TorchSharp.Modules;

namespace Training.Models;

/// <summary>
/// A small GPT (nanoGPT's architecture): token and position embeddings, pre-LN transformer blocks, a final layer norm
/// and a linear head, returning logits [B, T, vocab] for token ids [B, T]. Parameter names follow nanoGPT without its
/// <c>transformer.</c> prefix (wte, wpe, h.0.attn.c_attn.weight, ln_f, lm_head), so a state dict loads into the PyTorch
/// twin in bench/python/tinygpt.py. Every tensor a call creates lands in the caller's dispose scope.
/// </summary>
public sealed partial class TinyGpt : nn.Module<Tensor, Tensor>
{
    private readonly Embedding wte;
    private readonly Embedding wpe;
    private readonly Dropout drop;
    private readonly ModuleList<TransformerBlock> blocks;
    private readonly LayerNorm lnF;
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
        wte = new Embedding(config.VocabSize, config.EmbeddingDim);
        wpe = new Embedding(config.BlockSize, config.EmbeddingDim);
        drop = new Dropout(config.Dropout);
        blocks = new ModuleList<TransformerBlock>();
        for (var i = 0; i < config.Layers; i++) blocks.Add(new TransformerBlock(config));
        lnF = new LayerNorm([config.EmbeddingDim], bias: config.Bias);
        lmHead = new Linear(config.EmbeddingDim, config.VocabSize, hasBias: false);
        register_module("wte", wte);
        register_module("wpe", wpe);
        register_module("drop", drop);
        register_module("h", blocks);
        register_module("ln_f", lnF);
        register_module("lm_head", lmHead);
        if (config.TieWeights) lmHead.weight = wte.weight;
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

    // The final hidden states [B, T, C] (after ln_f): forward applies the head to all of them, generation to the last.
    private Tensor Hidden(Tensor input)
    {
        ArgumentNullException.ThrowIfNull(input);
        var t = input.size(1);
        if (t > Config.BlockSize)
            throw new ArgumentException($"sequence length {t} exceeds the block size {Config.BlockSize}", nameof(input));

        // The position embeddings of 0..T-1 are the first T rows of wpe: a view, where an embedding lookup would gather
        // (and scatter in backward).
        var positions = t == Config.BlockSize ? wpe.weight : wpe.weight.narrow(0, 0, t);
        var x = wte.call(input).add(positions);
        if (Config.Dropout > 0) x = drop.call(x);
        foreach (var block in blocks) x = block.call(x);
        return lnF.call(x);
    }
}
