namespace Training.Text;

/// <summary>
/// A tokenizer cannot be saved in GPT-2's files (vocab.json + merges.txt + the special-token files): it is not
/// byte-level BPE with GPT-2's pre-tokenization, so the saved folder would tokenize differently. <see cref="Reason"/>
/// says what it has that those files cannot hold.
/// </summary>
public sealed class TokenizerSaveException : Exception
{
    /// <summary>An error saving the tokenizer <paramref name="tokenizer"/> for <paramref name="reason"/>.</summary>
    public TokenizerSaveException(string tokenizer, string reason, Exception? inner = null)
        : base($"the tokenizer {tokenizer} cannot be saved as vocab.json + merges.txt: {reason}", inner)
    {
        Tokenizer = tokenizer;
        Reason = reason;
    }

    /// <summary>The tokenizer's <see cref="PretrainedTokenizer.Name"/>.</summary>
    public string Tokenizer { get; }

    /// <summary>Why it cannot be saved.</summary>
    public string Reason { get; }
}
