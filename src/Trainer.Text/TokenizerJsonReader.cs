using System.Text.Json;

namespace Training.Text;

/// <summary>
/// Reads a Hugging Face <c>tokenizer.json</c> whose model is byte-level BPE (GPT-2, DistilGPT-2, RoBERTa, GPT-J,
/// Qwen2, Llama 3 and their like): the BPE vocabulary and merges, the added tokens, and the pre-tokenization —
/// <c>ByteLevel</c> with GPT-2's regex, or a <c>Sequence</c> of <c>Split</c> (a regex, isolated) and
/// <c>ByteLevel</c> without regex. Any other model type, pre-tokenizer or normalizer is refused by name: it would
/// tokenize differently, silently. The post-processor (special tokens a model adds around text) is not applied.
/// </summary>
internal static class TokenizerJsonReader
{
    public static ByteLevelBpeModel Read(string path)
    {
        using var document = JsonFile.Read(path);
        var root = document.RootElement;
        if (root.ValueKind != JsonValueKind.Object) throw new TokenizerFileException(path, $"must hold a JSON object, found {root.ValueKind}");
        if (!root.TryGetProperty("model", out var model) || model.ValueKind != JsonValueKind.Object)
            throw new TokenizerFileException(path, "has no 'model' object");
        var type = JsonFile.OptionalString(model, "type", path) ?? (model.TryGetProperty("merges", out _) ? "BPE" : "(none)");
        if (type != "BPE")
            throw new TokenizerFileException(path, $"model type '{type}' is not supported: only byte-level 'BPE' tokenizers (GPT-2's kind) are");
        foreach (var unsupported in new[] { "continuing_subword_prefix", "end_of_word_suffix" })
            if (JsonFile.OptionalString(model, unsupported, path) is { Length: > 0 } value)
                throw new TokenizerFileException(path, $"BPE '{unsupported}' = '{value}' is not supported by byte-level BPE");
        if (model.TryGetProperty("byte_fallback", out var fallback) && fallback.ValueKind == JsonValueKind.True)
            throw new TokenizerFileException(path, "BPE 'byte_fallback' = true (a SentencePiece-style BPE) is not supported: only byte-level BPE is");

        var vocabulary = model.TryGetProperty("vocab", out var vocab) ? JsonFile.Ids(vocab, "model.vocab", path) : throw new TokenizerFileException(path, "model has no 'vocab'");
        var merges = model.TryGetProperty("merges", out var mergeList) ? Merges(mergeList, path) : throw new TokenizerFileException(path, "model has no 'merges'");
        var (pattern, addPrefixSpace) = PreTokenization(root, path);
        return new ByteLevelBpeModel(path, vocabulary, merges, AddedTokens(root, path), pattern, Nfc(root, path), addPrefixSpace);
    }

    // "a b" strings (tokenizers < 0.20) or ["a", "b"] pairs (0.20 and later).
    private static List<string> Merges(JsonElement merges, string path)
    {
        if (merges.ValueKind != JsonValueKind.Array) throw new TokenizerFileException(path, $"model.merges must be a list, found {merges.ValueKind}");
        var list = new List<string>(merges.GetArrayLength());
        foreach (var merge in merges.EnumerateArray())
        {
            if (merge.ValueKind == JsonValueKind.String) list.Add(merge.GetString()!);
            else if (merge.ValueKind == JsonValueKind.Array && merge.GetArrayLength() == 2 && merge.EnumerateArray().All(p => p.ValueKind == JsonValueKind.String))
                list.Add(merge[0].GetString() + " " + merge[1].GetString());
            else throw new TokenizerFileException(path, $"model.merges entry {list.Count} must be \"left right\" or [\"left\", \"right\"], found {merge}");
        }

        return list;
    }

    private static Dictionary<string, int> AddedTokens(JsonElement root, string path)
    {
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        if (!root.TryGetProperty("added_tokens", out var tokens) || tokens.ValueKind == JsonValueKind.Null) return added;
        if (tokens.ValueKind != JsonValueKind.Array) throw new TokenizerFileException(path, $"'added_tokens' must be a list, found {tokens.ValueKind}");
        foreach (var token in tokens.EnumerateArray())
        {
            var content = token.ValueKind == JsonValueKind.Object ? JsonFile.OptionalString(token, "content", path) : null;
            if (content is null || !token.TryGetProperty("id", out var id) || !id.TryGetInt32(out var value))
                throw new TokenizerFileException(path, $"an added token needs 'id' and 'content', found {token}");
            added[content] = value;
        }

        return added;
    }

    private static bool Nfc(JsonElement root, string path)
    {
        if (!root.TryGetProperty("normalizer", out var normalizer) || normalizer.ValueKind == JsonValueKind.Null) return false;
        var type = normalizer.ValueKind == JsonValueKind.Object ? JsonFile.OptionalString(normalizer, "type", path) : null;
        return type == "NFC" ? true : throw new TokenizerFileException(path, $"normalizer '{type ?? normalizer.ToString()}' is not supported (only none or NFC)");
    }

    private static (string Pattern, bool AddPrefixSpace) PreTokenization(JsonElement root, string path)
    {
        if (!root.TryGetProperty("pre_tokenizer", out var pre) || pre.ValueKind != JsonValueKind.Object)
            throw new TokenizerFileException(path, "has no pre_tokenizer: only byte-level BPE (pre_tokenizer ByteLevel) is supported");
        var type = JsonFile.OptionalString(pre, "type", path);
        if (type == "ByteLevel")
        {
            if (!UsesRegex(pre)) throw new TokenizerFileException(path, "a ByteLevel pre_tokenizer with use_regex = false and no Split before it splits nothing: not supported");
            return (ByteLevelPreTokenizer.Gpt2Pattern, AddPrefixSpace(pre));
        }

        if (type == "Sequence" && pre.TryGetProperty("pretokenizers", out var steps) && steps.ValueKind == JsonValueKind.Array && steps.GetArrayLength() == 2)
        {
            var split = steps[0];
            var byteLevel = steps[1];
            if (JsonFile.OptionalString(split, "type", path) == "Split" && JsonFile.OptionalString(byteLevel, "type", path) == "ByteLevel" && !UsesRegex(byteLevel)
                && JsonFile.OptionalString(split, "behavior", path) == "Isolated" && !(split.TryGetProperty("invert", out var invert) && invert.ValueKind == JsonValueKind.True)
                && split.TryGetProperty("pattern", out var pattern) && pattern.ValueKind == JsonValueKind.Object && JsonFile.OptionalString(pattern, "Regex", path) is { } regex)
                return (regex, AddPrefixSpace(byteLevel));
        }

        var shown = type == "Sequence" && pre.TryGetProperty("pretokenizers", out var parts) && parts.ValueKind == JsonValueKind.Array
            ? "Sequence [" + string.Join(", ", parts.EnumerateArray().Select(p => p.ValueKind == JsonValueKind.Object ? JsonFile.OptionalString(p, "type", path) : "?")) + "]"
            : type ?? pre.ToString();
        throw new TokenizerFileException(path, $"pre_tokenizer '{shown}' is not supported: only byte-level BPE (ByteLevel, or Sequence [Split (regex, Isolated), ByteLevel without regex]) is");
    }

    private static bool UsesRegex(JsonElement byteLevel) =>
        !byteLevel.TryGetProperty("use_regex", out var use) || use.ValueKind != JsonValueKind.False;

    private static bool AddPrefixSpace(JsonElement byteLevel) =>
        byteLevel.TryGetProperty("add_prefix_space", out var add) && add.ValueKind == JsonValueKind.True;
}
