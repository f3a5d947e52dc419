namespace Training.Text;

/// <summary>What a folder's tokenizer files describe: a byte-level BPE model, before Microsoft.ML.Tokenizers builds it.</summary>
/// <param name="Source">The file the model came from (tokenizer.json, or vocab.json).</param>
/// <param name="Vocabulary">Byte-level token string → id.</param>
/// <param name="Merges">The merges in priority order, "left right".</param>
/// <param name="AddedTokens">Tokens matched verbatim before pre-tokenization (special or not) → id.</param>
/// <param name="Pattern">The pre-tokenization regex.</param>
/// <param name="Nfc">Normalize to NFC first.</param>
/// <param name="AddPrefixSpace">Prefix a space to text that does not start with one.</param>
internal sealed record ByteLevelBpeModel(string Source, Dictionary<string, int> Vocabulary, List<string> Merges, Dictionary<string, int> AddedTokens,
    string Pattern, bool Nfc, bool AddPrefixSpace)
{
    /// <summary>The id of <paramref name="token"/>, an added token or a vocabulary entry.</summary>
    public int? Id(string token) => AddedTokens.TryGetValue(token, out var added) ? added : Vocabulary.TryGetValue(token, out var id) ? id : null;
}
