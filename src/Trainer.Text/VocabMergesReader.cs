namespace Training.Text;

/// <summary>
/// Reads a GPT-2-style <c>vocab.json</c> (token → id) and <c>merges.txt</c> (one "left right" merge per line, after
/// an optional <c>#version</c> line), plus <c>added_tokens.json</c> when present: byte-level BPE with GPT-2's regex.
/// </summary>
internal static class VocabMergesReader
{
    public static ByteLevelBpeModel Read(string vocabPath, string mergesPath, string? addedTokensPath)
    {
        Dictionary<string, int> vocabulary;
        using (var vocab = JsonFile.Read(vocabPath)) vocabulary = JsonFile.Ids(vocab.RootElement, "the vocabulary", vocabPath);
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (addedTokensPath is not null && File.Exists(addedTokensPath))
        {
            using var tokens = JsonFile.Read(addedTokensPath);
            added = JsonFile.Ids(tokens.RootElement, "the added tokens", addedTokensPath);
        }

        return new ByteLevelBpeModel(vocabPath, vocabulary, Merges(mergesPath), added, ByteLevelPreTokenizer.Gpt2Pattern, Nfc: false, AddPrefixSpace: false);
    }

    private static List<string> Merges(string path)
    {
        string[] lines;
        try
        {
            lines = File.ReadAllLines(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TokenizerFileException(path, $"cannot be read ({e.Message})", e);
        }

        var merges = new List<string>(lines.Length);
        for (var i = 0; i < lines.Length; i++)
        {
            var line = lines[i].TrimEnd('\r');
            if (line.Length == 0 || (i == 0 && line.StartsWith("#version", StringComparison.Ordinal))) continue;
            var space = line.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == line.Length - 1 || line.IndexOf(' ', space + 1) >= 0)
                throw new TokenizerFileException(path, $"line {i + 1} must be a merge \"left right\", found '{line}'");
            merges.Add(line);
        }

        return merges;
    }
}
