namespace Training.Models;

/// <summary>
/// A text prepared for character-level language modelling: its <see cref="CharTokenizer"/>, and the encoded text split
/// into a training part (the first <c>trainFraction</c>, 90 % by default) and a validation part (the rest), as nanoGPT's
/// shakespeare_char preparation does.
/// </summary>
public sealed class CharCorpus
{
    private CharCorpus(CharTokenizer tokenizer, CharDataset train, CharDataset validation)
    {
        Tokenizer = tokenizer;
        Train = train;
        Validation = validation;
    }

    /// <summary>The tokenizer built from the whole text.</summary>
    public CharTokenizer Tokenizer { get; }

    /// <summary>Windows over the first part of the text.</summary>
    public CharDataset Train { get; }

    /// <summary>Windows over the remainder.</summary>
    public CharDataset Validation { get; }

    /// <summary>Tokenizes <paramref name="text"/> and splits it at <c>(long)(trainFraction · length)</c> tokens.</summary>
    public static CharCorpus FromText(string text, int blockSize, double trainFraction = 0.9)
    {
        ArgumentNullException.ThrowIfNull(text);
        if (!(trainFraction > 0 && trainFraction < 1))
            throw new ArgumentOutOfRangeException(nameof(trainFraction), trainFraction, "the training fraction must lie in (0, 1)");
        var tokenizer = CharTokenizer.FromText(text);
        var tokens = tokenizer.Encode(text);
        // Python's int(0.9 * n): the same double product, truncated.
        var split = (int)(trainFraction * tokens.Length);
        var data = tokens.AsMemory();
        return new CharCorpus(tokenizer, new CharDataset(data[..split], blockSize), new CharDataset(data[split..], blockSize));
    }

    /// <summary>Reads a UTF-8 text file and prepares it (see <see cref="FromText"/>).</summary>
    public static CharCorpus Load(string path, int blockSize, double trainFraction = 0.9) =>
        FromText(File.ReadAllText(path), blockSize, trainFraction);
}
