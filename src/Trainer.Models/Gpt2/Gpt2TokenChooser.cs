using Training.TorchExtensions;
namespace Training.Models;

/// <summary>
/// Picks the next token of every row from the last position's logits [B, V], as Transformers' greedy search or its
/// sampling with the temperature, top-k and top-p warpers applied in that order. Owns the few constants each step
/// needs, created once instead of as an implicit Scalar per token.
/// </summary>
internal sealed class Gpt2TokenChooser : IDisposable
{
    private readonly Gpt2GenerationOptions options;
    private readonly Scalar temperature;
    private readonly Scalar hidden = double.NegativeInfinity.ToScalar();
    private readonly Scalar? dropBelow;

    public Gpt2TokenChooser(Gpt2GenerationOptions options)
    {
        this.options = options;
        temperature = options.Temperature.ToScalar();
        if (options.TopP is { } p && p < 1) dropBelow = (1 - p).ToScalar();
    }

    /// <summary>The chosen token ids [B] (int64); <paramref name="logits"/> may be overwritten.</summary>
    public Tensor Choose(Tensor logits)
    {
        if (!options.DoSample) return logits.argmax(-1);
        if (options.Temperature != 1.0) logits.div_(temperature);
        var vocab = logits.size(-1);
        if (options.TopK is { } k && k > 0 && k < vocab)
        {
            // Every token scoring below the k-th best goes (ties with it stay, as in Transformers).
            var kth = logits.topk(k, -1).values.narrow(-1, k - 1, 1);
            logits.masked_fill_(logits.lt(kth), hidden);
        }

        if (dropBelow is not null)
        {
            // Ascending order: the tokens whose cumulative probability stays within 1 − p are the unlikely tail; the
            // most likely token always stays.
            var (sorted, order) = logits.sort(-1, descending: false);
            var tail = nn.functional.softmax(sorted, -1).cumsum(-1).le(dropBelow);
            tail.narrow(-1, vocab - 1, 1).fill_(Scalars.Keep(false));
            logits.masked_fill_(tail.scatter(-1, order, tail), hidden);
        }

        return multinomial(nn.functional.softmax(logits, -1), 1, generator: options.Generator).squeeze(-1);
    }

    public void Dispose()
    {
        temperature.Dispose();
        hidden.Dispose();
        dropBelow?.Dispose();
    }
}
