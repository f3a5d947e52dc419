using Training.Core;

namespace Training.Text;

/// <summary>
/// One example per prompt/completion record: the prompt's tokens, then the completion's and the end-of-text token,
/// truncated to <see cref="TokenizedTextDataset.BlockSize"/>; labels are -100 over the prompt, so the loss is taken
/// on the completion only. Collate with <see cref="DataCollatorForLanguageModeling"/> (causal), which keeps them.
/// </summary>
public sealed class PromptCompletionDataset : TokenizedTextDataset
{
    private readonly List<TokenizedExample> examples;

    internal PromptCompletionDataset(string path, List<TokenizedExample> examples, long tokenCount, int blockSize, int dropped) : base(path, tokenCount, blockSize)
    {
        this.examples = examples;
        Dropped = dropped;
    }

    /// <summary>Records left out because their prompt filled the block, leaving no completion token to learn.</summary>
    public int Dropped { get; }

    /// <inheritdoc/>
    public override int Count => examples.Count;

    /// <inheritdoc/>
    public override TokenizedExample this[int index] => examples[index];

    /// <inheritdoc/>
    public override int LengthOf(int index) => examples[index].Length;
}
