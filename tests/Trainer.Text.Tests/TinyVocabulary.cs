using System.Text.Json;

namespace Training.Text.Tests;

/// <summary>
/// A handcrafted byte-level BPE: the 256 byte tokens (ids 0-255, in byte order) and nine merges building "hello"
/// and "Ġworld"; "&lt;|endoftext|&gt;" (265) and "&lt;pad&gt;" (266) are added tokens.
/// </summary>
internal static class TinyVocabulary
{
    public static readonly (string Left, string Right)[] Merges =
    [
        ("h", "e"), ("l", "l"), ("he", "ll"), ("hell", "o"), ("Ġ", "w"), ("o", "r"), ("Ġw", "or"), ("l", "d"), ("Ġwor", "ld"),
    ];

    public const int Hello = 259;
    public const int Hell = 258;
    public const int SpaceWorld = 264;
    public const int Or = 261;
    public const int Ld = 263;
    public const int EndOfText = 265;
    public const int Pad = 266;

    public static Dictionary<string, int> Vocab()
    {
        var vocab = ByteLevelAlphabet.Alphabet().Select((t, i) => (t, i)).ToDictionary(p => p.t, p => p.i, StringComparer.Ordinal);
        foreach (var (left, right) in Merges) vocab[left + right] = vocab.Count;
        return vocab;
    }

    /// <summary>vocab.json and merges.txt.</summary>
    public static void WriteVocabMerges(string folder)
    {
        var vocab = Vocab();
        vocab["<|endoftext|>"] = EndOfText;
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(vocab));
        File.WriteAllLines(Path.Combine(folder, "merges.txt"), Merges.Select(m => $"{m.Left} {m.Right}").Prepend("#version: 0.2"));
    }

    /// <summary>tokenizer.json (merges as "left right" strings, tokenizers &lt; 0.20), the two added tokens in it.</summary>
    /// <param name="moreAddedTokens">Added tokens after those two (ids 267 on).</param>
    public static void WriteTokenizerJson(string folder, object? preTokenizer = null, object? model = null, object? normalizer = null, IEnumerable<string>? moreAddedTokens = null)
    {
        var json = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = new[]
            {
                new { id = EndOfText, content = "<|endoftext|>", special = true },
                new { id = Pad, content = "<pad>", special = true },
            }.Concat((moreAddedTokens ?? []).Select((t, i) => new { id = Pad + 1 + i, content = t, special = false })),
            ["normalizer"] = normalizer,
            ["pre_tokenizer"] = preTokenizer ?? new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = true },
            ["model"] = model ?? new { type = "BPE", vocab = Vocab(), merges = Merges.Select(m => $"{m.Left} {m.Right}") },
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), JsonSerializer.Serialize(json));
    }

    /// <summary>Byte ids of a text (the merges not applied).</summary>
    public static int[] Bytes(string text) => [.. System.Text.Encoding.UTF8.GetBytes(text).Select(b => (int)b)];
}
