using Training.TorchExtensions;

namespace Training.Text;

/// <summary>
/// Writes a byte-level BPE tokenizer as Transformers' GPT2Tokenizer saves one: <c>vocab.json</c> (token → id, keys
/// sorted), <c>merges.txt</c> (the <c>#version: 0.2</c> line, then one merge per line in rank order),
/// <c>added_tokens.json</c> (the verbatim tokens the other files would not restore), <c>special_tokens_map.json</c>
/// and <c>tokenizer_config.json</c>. Everything is checked before anything is written; each file is written atomically.
/// </summary>
internal static class TokenizerWriter
{
    public const string Vocab = "vocab.json";
    public const string Merges = "merges.txt";
    public const string AddedTokens = "added_tokens.json";
    public const string TokenizerJson = "tokenizer.json";

    /// <summary>The line GPT2Tokenizer skips, unread, at the top of merges.txt.</summary>
    public const string MergesHeader = "#version: 0.2";

    /// <summary>Transformers' class for these files (AutoTokenizer picks its fast twin, which converts them).</summary>
    public const string TokenizerClass = "GPT2Tokenizer";

    /// <summary>What is saved besides the model: the declared special tokens and the length limit.</summary>
    public sealed record Specials(IReadOnlyDictionary<string, int> Verbatim, string? Eos, string? Bos, string? Unk, string? Pad, int? ModelMaxLength);

    /// <exception cref="TokenizerSaveException">The model is not what vocab.json + merges.txt can describe.</exception>
    public static void Save(string folder, string name, ByteLevelBpeModel model, Specials specials)
    {
        Check(name, model);
        var files = new List<(string Name, byte[] Content)>
        {
            (Vocab, PythonJson.Object(model.Vocabulary.Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)))),
            (Merges, MergesText(model.Merges)),
        };

        var declared = new[] { specials.Eos, specials.Bos, specials.Unk, specials.Pad }.OfType<string>().ToHashSet(StringComparer.Ordinal);
        // A token in vocab.json under its own id comes back verbatim when special_tokens_map.json declares it;
        // every other verbatim token (beyond the vocabulary, under another id, or added but not declared) needs
        // added_tokens.json.
        var added = specials.Verbatim
            .Where(p => !(declared.Contains(p.Key) && model.Vocabulary.TryGetValue(p.Key, out var id) && id == p.Value))
            .Select(p => new KeyValuePair<string, object?>(p.Key, p.Value)).ToList();
        if (added.Count > 0) files.Add((AddedTokens, PythonJson.Object(added)));

        var map = new Dictionary<string, object?>(StringComparer.Ordinal);
        if (specials.Bos is not null) map["bos_token"] = specials.Bos;
        if (specials.Eos is not null) map["eos_token"] = specials.Eos;
        if (specials.Unk is not null) map["unk_token"] = specials.Unk;
        if (specials.Pad is not null) map["pad_token"] = specials.Pad;
        files.Add((SpecialTokensReader.SpecialTokensMap, PythonJson.Object(map)));

        var config = new Dictionary<string, object?>(map, StringComparer.Ordinal)
        {
            ["add_prefix_space"] = model.AddPrefixSpace,
            ["tokenizer_class"] = TokenizerClass,
        };
        if (specials.ModelMaxLength is int length) config["model_max_length"] = length;
        files.Add((SpecialTokensReader.TokenizerConfig, PythonJson.Object(config)));

        Directory.CreateDirectory(folder);
        foreach (var (file, content) in files) AtomicFile.Write(Path.Combine(folder, file), stream => stream.Write(content));

        // Files left from another tokenizer would override (tokenizer.json is read first) or add to what was
        // written; removed last, so an interrupted save leaves the folder's old tokenizer readable.
        foreach (var stale in new[] { TokenizerJson, AddedTokens })
            if (files.All(f => f.Name != stale)) File.Delete(Path.Combine(folder, stale));
    }

    private static void Check(string name, ByteLevelBpeModel model)
    {
        if (model.Pattern != ByteLevelPreTokenizer.Gpt2Pattern)
            throw new TokenizerSaveException(name, $"it splits text with the regex '{model.Pattern}' (from {model.Source}), not GPT-2's '{ByteLevelPreTokenizer.Gpt2Pattern}', which is the only one GPT2Tokenizer and vocab.json + merges.txt know");
        if (model.Nfc)
            throw new TokenizerSaveException(name, $"it normalizes text to Unicode NFC first (the normalizer of {model.Source}), which vocab.json + merges.txt cannot say");
        for (var i = 0; i < model.Merges.Count; i++)
        {
            var merge = model.Merges[i];
            var space = merge.IndexOf(' ', StringComparison.Ordinal);
            if (space <= 0 || space == merge.Length - 1 || merge.IndexOf(' ', space + 1) >= 0 || merge.Contains('\n', StringComparison.Ordinal) || merge.Contains('\r', StringComparison.Ordinal))
                throw new TokenizerSaveException(name, $"its merge {i} '{merge}' (from {model.Source}) has a token with a space or line break, which a line \"left right\" of merges.txt cannot hold");
        }
    }

    private static byte[] MergesText(List<string> merges)
    {
        // GPT2Tokenizer drops the first line and the text after the last "\n": the header and the final newline are required.
        var text = new System.Text.StringBuilder(merges.Count * 12);
        text.Append(MergesHeader).Append('\n');
        foreach (var merge in merges) text.Append(merge).Append('\n');
        return new System.Text.UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(text.ToString());
    }
}
