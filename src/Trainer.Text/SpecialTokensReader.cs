using System.Text.Json;

namespace Training.Text;

/// <summary>
/// The special tokens a model folder declares: <c>special_tokens_map.json</c> first, then <c>tokenizer_config.json</c>
/// (each entry a string or an AddedToken object with <c>content</c>), and the added tokens of
/// <c>tokenizer_config.json</c>'s <c>added_tokens_decoder</c>; also its <c>model_max_length</c> and
/// <c>add_prefix_space</c>.
/// </summary>
internal static class SpecialTokensReader
{
    public const string SpecialTokensMap = "special_tokens_map.json";
    public const string TokenizerConfig = "tokenizer_config.json";

    /// <summary>A declared token and the file that declared it.</summary>
    public readonly record struct Declared(string Token, string File);

    /// <summary>What a folder declares; a token is null when no file declares it.</summary>
    /// <param name="Eos">The end-of-text token.</param>
    /// <param name="Pad">The padding token.</param>
    /// <param name="Bos">The beginning-of-text token.</param>
    /// <param name="Unk">The unknown token.</param>
    /// <param name="AddedTokens">tokenizer_config.json's added_tokens_decoder: content → id.</param>
    /// <param name="ModelMaxLength">tokenizer_config.json's <c>model_max_length</c>; null when absent or not a positive int (Transformers' "no limit" is 1e30).</param>
    /// <param name="AddPrefixSpace">tokenizer_config.json's <c>add_prefix_space</c>, or null when absent.</param>
    public sealed record Result(Declared? Eos, Declared? Pad, Declared? Bos, Declared? Unk, Dictionary<string, int> AddedTokens,
        int? ModelMaxLength = null, bool? AddPrefixSpace = null);

    public static Result Read(string folder)
    {
        var tokens = new Dictionary<string, Declared>(StringComparer.Ordinal);
        var added = new Dictionary<string, int>(StringComparer.Ordinal);
        int? modelMaxLength = null;
        bool? addPrefixSpace = null;
        foreach (var name in new[] { SpecialTokensMap, TokenizerConfig })
        {
            var path = Path.Combine(folder, name);
            if (!File.Exists(path)) continue;
            using var document = JsonFile.Read(path);
            var root = document.RootElement;
            if (root.ValueKind != JsonValueKind.Object) throw new TokenizerFileException(path, $"must hold a JSON object, found {root.ValueKind}");
            foreach (var key in new[] { "eos_token", "pad_token", "bos_token", "unk_token" })
                if (!tokens.ContainsKey(key) && Content(root, key, path) is string token) tokens[key] = new Declared(token, path);
            if (name == TokenizerConfig)
            {
                modelMaxLength = ModelMaxLength(root);
                addPrefixSpace = AddPrefixSpace(root, path);
            }

            if (name == TokenizerConfig && root.TryGetProperty("added_tokens_decoder", out var decoder) && decoder.ValueKind == JsonValueKind.Object)
            {
                foreach (var entry in decoder.EnumerateObject())
                {
                    if (!int.TryParse(entry.Name, System.Globalization.NumberStyles.None, System.Globalization.CultureInfo.InvariantCulture, out var id))
                        throw new TokenizerFileException(path, $"added_tokens_decoder key '{entry.Name}' must be a token id");
                    added[Content(entry.Value, path) ?? throw new TokenizerFileException(path, $"added_tokens_decoder[{entry.Name}] has no 'content'")] = id;
                }
            }
        }

        Declared? Get(string key) => tokens.TryGetValue(key, out var d) ? d : null;
        return new Result(Get("eos_token"), Get("pad_token"), Get("bos_token"), Get("unk_token"), added, modelMaxLength, addPrefixSpace);
    }

    // Informational here (nothing is truncated by it), so a value that is no usable length counts as none rather
    // than failing the load: Transformers writes 1000000000000000019884624838656 for "no limit".
    private static int? ModelMaxLength(JsonElement root) =>
        root.TryGetProperty("model_max_length", out var value) && value.ValueKind == JsonValueKind.Number && value.TryGetInt32(out var length) && length > 0
            ? length : null;

    private static bool? AddPrefixSpace(JsonElement root, string path)
    {
        if (!root.TryGetProperty("add_prefix_space", out var value) || value.ValueKind == JsonValueKind.Null) return null;
        return value.ValueKind switch
        {
            JsonValueKind.True => true,
            JsonValueKind.False => false,
            _ => throw new TokenizerFileException(path, $"'add_prefix_space' must be true or false, found {value}"),
        };
    }

    private static string? Content(JsonElement root, string key, string path) =>
        root.TryGetProperty(key, out var value) ? Content(value, path) : null;

    private static string? Content(JsonElement value, string path) => value.ValueKind switch
    {
        JsonValueKind.String => value.GetString(),
        JsonValueKind.Object => JsonFile.OptionalString(value, "content", path),
        JsonValueKind.Null => null,
        _ => throw new TokenizerFileException(path, $"a special token must be a string or an object with 'content', found {value}"),
    };
}
