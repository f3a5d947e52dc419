namespace Training.Text;

/// <summary>How far the tokenization of a dataset file has come.</summary>
/// <param name="Path">The file.</param>
/// <param name="BytesRead">Bytes of it read so far.</param>
/// <param name="TotalBytes">Its size.</param>
/// <param name="Tokens">Tokens produced so far.</param>
public readonly record struct TokenizationProgress(string Path, long BytesRead, long TotalBytes, long Tokens)
{
    /// <summary>The share done, in [0, 1].</summary>
    public double Fraction => TotalBytes <= 0 ? 1 : Math.Clamp((double)BytesRead / TotalBytes, 0, 1);
}
