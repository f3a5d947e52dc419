using TorchSharp.Modules;
using TorchSharp.Utils;
using Training.Core;

namespace Training.Models;

/// <summary>
/// GPT-2 with its language-model head (Transformers' <c>GPT2LMHeadModel</c>), with the same parameter names and
/// layouts: <c>transformer.wte.weight</c>, <c>transformer.h.0.attn.c_attn.weight</c> ([in, out], Conv1D), ...,
/// <c>lm_head.weight</c>, which is the token embedding itself when <see cref="Gpt2Config.TieWordEmbeddings"/> (one
/// Parameter, listed once by <c>parameters()</c>). A <see cref="Batch"/> with <c>input_ids</c> (and optionally
/// <c>attention_mask</c> and <c>labels</c>) gives the logits and, with labels, Transformers' shifted causal-LM loss,
/// token-correct under gradient accumulation (<see cref="IAcceptsNumItemsInBatch"/>). A causal language model to the
/// Trainer (<see cref="ICausalLanguageModel"/>: its label smoother shifts the labels). Reads and writes Hugging Face
/// model folders (<see cref="FromPretrained"/>, <see cref="SavePretrained"/>; <see cref="IPretrainedModel"/>, so
/// <c>Trainer.SaveModel</c> writes such a folder and every checkpoint carries <c>config.json</c>) and generates text
/// (<see cref="Generate"/>). Only a call's results stay in the caller's dispose scope.
/// </summary>
public sealed partial class Gpt2ForCausalLM : nn.Module<Batch, ModelOutput>, ICausalLanguageModel, IPretrainedModel
{
    /// <summary>The batch entry holding the token ids [B, T].</summary>
    public const string InputIdsKey = "input_ids";

    /// <summary>The batch entry holding the attention mask [B, T] (1 = token, 0 = padding), optional.</summary>
    public const string AttentionMaskKey = "attention_mask";

    /// <summary>The batch entry holding the labels [B, T] (−100 = ignored), optional.</summary>
    public const string LabelsKey = "labels";

    // Field order is registration order, which is Transformers' module order.
    private readonly Gpt2Model transformer;

    [ComponentName(Name = "lm_head")]
    private readonly Linear lmHead;

    /// <summary>
    /// Creates a GPT-2 for <paramref name="config"/> initialised as Transformers does (see
    /// <see cref="Gpt2Config.InitializerRange"/>), drawing from <paramref name="generator"/> (or the default generator).
    /// </summary>
    public Gpt2ForCausalLM(Gpt2Config config, Generator? generator = null)
        : this(config, initialize: true, generator)
    {
    }

    private Gpt2ForCausalLM(Gpt2Config config, bool initialize, Generator? generator)
        : base(nameof(Gpt2ForCausalLM))
    {
        ArgumentNullException.ThrowIfNull(config);
        config.Validate();
        Config = config;
        transformer = new Gpt2Model(config);
        lmHead = nn.Linear(config.EmbeddingDim, config.VocabSize, hasBias: false);
        // The very Parameter object wte registered, not a new wrapper from its weight getter: parameters() tells
        // parameters apart by wrapper handle, so only a shared object lists (and optimizes) the tied matrix once.
        if (config.TieWordEmbeddings) lmHead.weight = TinyGpt.EmbeddingWeight(transformer.TokenEmbedding);
        RegisterComponents();

        // The model owns its parameters: one built inside a dispose scope must not lose them when that scope closes.
        foreach (var (_, parameter) in named_parameters()) parameter.DetachFromDisposeScope();
        if (initialize) Gpt2Initialization.Apply(this, generator);
    }

    /// <summary>The configuration the model was built with.</summary>
    public Gpt2Config Config { get; }

    /// <summary>The transformer (<c>transformer.</c>).</summary>
    public Gpt2Model Transformer => transformer;

    /// <summary>The output head (<c>lm_head</c>); its weight is the token embedding when the config ties them.</summary>
    public Linear Head => lmHead;

    /// <summary>The number of parameters (the tied matrix counts once).</summary>
    public long ParameterCount() => parameters().Sum(p => p.numel());

    /// <summary>
    /// The logits [B, T, vocab] of <c>input_ids</c> and, when the batch has <c>labels</c>, the causal-LM loss (see
    /// <see cref="CausalLanguageModelLoss"/>): the mean over label tokens, or their sum divided by
    /// <see cref="Batch.NumItemsInBatch"/> when the Trainer set it.
    /// </summary>
    public override ModelOutput forward(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = NewDisposeScope();
        var mask = batch.Contains(AttentionMaskKey) ? batch[AttentionMaskKey] : null;
        var logits = Logits(batch[InputIdsKey], mask);
        var loss = batch.Contains(LabelsKey) ? CausalLanguageModelLoss.Compute(logits, batch[LabelsKey], batch.NumItemsInBatch) : null;
        return new ModelOutput(logits.MoveToOuterDisposeScope(), loss?.MoveToOuterDisposeScope());
    }

    /// <summary>
    /// The logits [B, T, vocab] for token ids <paramref name="inputIds"/> [B, T] (integers, T ≤ n_positions, positions
    /// 0..T−1), with an optional Hugging Face <paramref name="attentionMask"/> [B, T] (padded keys are not attended to).
    /// </summary>
    public Tensor Logits(Tensor inputIds, Tensor? attentionMask = null)
    {
        ArgumentNullException.ThrowIfNull(inputIds);
        using var scope = NewDisposeScope();
        return lmHead.call(transformer.call(TokenIds(inputIds), attentionMask)).MoveToOuterDisposeScope();
    }

    /// <summary>
    /// The label tokens that count in the loss of <paramref name="batch"/>: labels[:, 1:] ≠ −100 (0 without labels,
    /// where <see cref="ICausalLanguageModel"/>'s default would need a <c>labels</c> entry).
    /// </summary>
    public long CountLossItems(Batch batch)
    {
        ArgumentNullException.ThrowIfNull(batch);
        return batch.Contains(LabelsKey) ? CausalLanguageModelLoss.CountItems(batch[LabelsKey]) : 0;
    }

    // Embeddings index with int64 (a collator may hand int32); anything but integers is a mistake worth naming.
    private static Tensor TokenIds(Tensor ids)
    {
        if (ids.dtype == ScalarType.Int64) return ids;
        if (!CausalLanguageModelLoss.IsInteger(ids.dtype))
            throw new ArgumentException($"input_ids must hold integer token ids, got {ids.dtype}", nameof(ids));
        return ids.to(ScalarType.Int64);
    }
}
