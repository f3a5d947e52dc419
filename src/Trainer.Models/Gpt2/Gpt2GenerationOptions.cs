namespace Training.Models;

/// <summary>
/// How <see cref="Gpt2ForCausalLM.Generate"/> picks each next token, as Transformers' <c>GenerationConfig</c>: greedy
/// (the most likely token) by default, or sampling (<see cref="DoSample"/>) from the softmax of the logits divided by
/// <see cref="Temperature"/>, restricted to the <see cref="TopK"/> most likely tokens and then to the smallest set whose
/// probability reaches <see cref="TopP"/> (Transformers' warpers, in that order).
/// </summary>
public sealed record Gpt2GenerationOptions
{
    /// <summary>Sample the next token; false picks the most likely one (greedy).</summary>
    public bool DoSample { get; init; }

    /// <summary>Divides the logits before sampling (below 1 sharpens, above 1 flattens); must be positive.</summary>
    public double Temperature { get; init; } = 1.0;

    /// <summary>Sample only among the k most likely tokens; null (or 0) keeps every token.</summary>
    public int? TopK { get; init; }

    /// <summary>Sample only among the most likely tokens whose probabilities add up to at least p, in (0, 1]; null or 1 keeps every token.</summary>
    public double? TopP { get; init; }

    /// <summary>The random stream sampling draws from (the default generator when null); a seeded one makes sampling reproducible.</summary>
    public Generator? Generator { get; init; }

    /// <summary>
    /// A row that produces this token is finished: its later positions hold <see cref="PadTokenId"/>, and generation
    /// stops once every row is finished. Null generates <c>maxNewTokens</c> tokens.
    /// </summary>
    public int? EosTokenId { get; init; }

    /// <summary>The filler after a row's end-of-text token; null uses <see cref="EosTokenId"/>.</summary>
    public int? PadTokenId { get; init; }

    /// <summary>
    /// Reuse the keys and values of earlier positions (a KV cache) instead of recomputing the whole context per token.
    /// Once the sequence outgrows n_positions the window slides and every step recomputes it.
    /// </summary>
    public bool UseCache { get; init; } = true;

    /// <summary>Throws <see cref="ArgumentOutOfRangeException"/> naming the first invalid option.</summary>
    public void Validate()
    {
        if (!(Temperature > 0 && double.IsFinite(Temperature)))
            throw new ArgumentOutOfRangeException(nameof(Temperature), Temperature, "temperature must be positive and finite");
        if (TopK < 0) throw new ArgumentOutOfRangeException(nameof(TopK), TopK, "top_k must not be negative");
        if (TopP is { } p && !(p > 0 && p <= 1)) throw new ArgumentOutOfRangeException(nameof(TopP), TopP, "top_p must lie in (0, 1]");
        if (EosTokenId < 0) throw new ArgumentOutOfRangeException(nameof(EosTokenId), EosTokenId, "eos_token_id must be a token id");
        if (PadTokenId < 0) throw new ArgumentOutOfRangeException(nameof(PadTokenId), PadTokenId, "pad_token_id must be a token id");
    }
}
