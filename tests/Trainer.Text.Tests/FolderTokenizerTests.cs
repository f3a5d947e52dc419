using System.Text.Json;

namespace Training.Text.Tests;

/// <summary>Tokenizers read from a model folder: tokenizer.json, or vocab.json + merges.txt, and their special tokens.</summary>
public class FolderTokenizerTests
{
    [Test]
    public void AHandcraftedVocabMergesEncodesAsWorkedOutByHand()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        var tokenizer = PretrainedTokenizer.FromPretrained(folder.Path);
        Assert.Multiple(() =>
        {
            // "hello": h e l l o → he l l o → he ll o → hell o → hello; " world" likewise to Ġworld.
            Assert.That(tokenizer.Encode("hello world"), Is.EqualTo(new[] { TinyVocabulary.Hello, TinyVocabulary.SpaceWorld }));
            Assert.That(tokenizer.Encode("hell"), Is.EqualTo(new[] { TinyVocabulary.Hell }));
            // "world" without its space: w o r l d → w or l d → w or ld, and no merge "w or".
            Assert.That(tokenizer.Encode("world"), Is.EqualTo(new[] { 'w', TinyVocabulary.Or, TinyVocabulary.Ld }));
            Assert.That(tokenizer.Encode("low\n"), Is.EqualTo(TinyVocabulary.Bytes("low\n")), "no merge applies");
            Assert.That(tokenizer.Encode("hello<|endoftext|>world"), Is.EqualTo(new[] { TinyVocabulary.Hello, TinyVocabulary.EndOfText, 'w', TinyVocabulary.Or, TinyVocabulary.Ld }));
            Assert.That(tokenizer.EosTokenId, Is.EqualTo(TinyVocabulary.EndOfText), "GPT-2's default end of text, found in the vocabulary");
            Assert.That(tokenizer.PadTokenId, Is.EqualTo(TinyVocabulary.EndOfText), "no pad declared: the end of text");
            Assert.That(tokenizer.VocabSize, Is.EqualTo(266));
            Assert.That(tokenizer.Decode(tokenizer.Encode("hello world, é!")), Is.EqualTo("hello world, é!"));
        });
    }

    [Test]
    public void AHandcraftedTokenizerJsonWithDeclaredSpecialTokens()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(folder.Path);
        File.WriteAllText(folder.File("special_tokens_map.json"), """{"eos_token": {"content": "<|endoftext|>", "lstrip": false}, "pad_token": "<pad>"}""");
        File.WriteAllText(folder.File("tokenizer_config.json"), """{"bos_token": "<|endoftext|>", "eos_token": "hello", "tokenizer_class": "GPT2Tokenizer"}""");
        var tokenizer = PretrainedTokenizer.FromPretrained(folder.Path);
        Assert.Multiple(() =>
        {
            Assert.That(tokenizer.Encode(" world<pad>hello"), Is.EqualTo(new[] { TinyVocabulary.SpaceWorld, TinyVocabulary.Pad, TinyVocabulary.Hello }));
            Assert.That(tokenizer.EosTokenId, Is.EqualTo(TinyVocabulary.EndOfText), "special_tokens_map.json wins over tokenizer_config.json");
            Assert.That(tokenizer.PadToken, Is.EqualTo("<pad>"));
            Assert.That(tokenizer.PadTokenId, Is.EqualTo(TinyVocabulary.Pad));
            Assert.That(tokenizer.BosTokenId, Is.EqualTo(TinyVocabulary.EndOfText));
            Assert.That(tokenizer.VocabSize, Is.EqualTo(267), "added tokens count");
        });
    }

    [TestCase("1024", 1024)]
    [TestCase("1000000000000000019884624838656", null)]
    [TestCase("null", null)]
    public void ModelMaxLengthComesFromTokenizerConfig(string value, int? expected)
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        File.WriteAllText(folder.File("tokenizer_config.json"), $$"""{"model_max_length": {{value}}}""");
        Assert.That(PretrainedTokenizer.FromPretrained(folder.Path).ModelMaxLength, Is.EqualTo(expected), "Transformers' 1e30 means no limit");
    }

    [Test]
    public void AddPrefixSpaceInTokenizerConfigAppliesToVocabMerges()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        File.WriteAllText(folder.File("tokenizer_config.json"), """{"add_prefix_space": true}""");
        Assert.That(PretrainedTokenizer.FromPretrained(folder.Path).Encode("world"), Is.EqualTo(new[] { TinyVocabulary.SpaceWorld }), "as GPT2Tokenizer prefixes a space");
    }

    [Test]
    public void TokenizerJsonIsPreferredToVocabMerges()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(folder.Path);
        File.WriteAllText(folder.File("vocab.json"), "not json");
        Assert.That(PretrainedTokenizer.FromPretrained(folder.Path).Encode("hello"), Is.EqualTo(new[] { TinyVocabulary.Hello }));
    }

    [Test]
    public void NfcAndAddPrefixSpaceAreApplied()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(folder.Path, preTokenizer: new { type = "ByteLevel", add_prefix_space = true, use_regex = true }, normalizer: new { type = "NFC" });
        var tokenizer = PretrainedTokenizer.FromPretrained(folder.Path);
        Assert.Multiple(() =>
        {
            Assert.That(tokenizer.Encode("world"), Is.EqualTo(new[] { TinyVocabulary.SpaceWorld }), "a space is prefixed");
            Assert.That(tokenizer.Encode("e\u0301"), Is.EqualTo(TinyVocabulary.Bytes(" é")), "e + combining acute becomes é");
        });
    }

    [Test]
    public void ASplitThenByteLevelSequenceUsesTheSplitRegexAndKeepsTheGaps()
    {
        using var folder = new TempFolder();
        // Only letters match: the spaces between are gaps, kept as pieces of their own ("isolated").
        TinyVocabulary.WriteTokenizerJson(folder.Path, preTokenizer: new
        {
            type = "Sequence",
            pretokenizers = new object[]
            {
                new { type = "Split", pattern = new { Regex = @"\p{L}+" }, behavior = "Isolated", invert = false },
                new { type = "ByteLevel", add_prefix_space = false, trim_offsets = false, use_regex = false },
            },
        });
        var tokenizer = PretrainedTokenizer.FromPretrained(folder.Path);
        Assert.That(tokenizer.Encode("hello world"), Is.EqualTo(new[] { TinyVocabulary.Hello, ' ', 'w', TinyVocabulary.Or, TinyVocabulary.Ld }),
            "the space is its own piece, so \"Ġw\" never forms");
    }

    [Test]
    public void Gpt2sOwnVocabMergesEncodeTinyShakespeareAsTheGpt2Package()
    {
        using var folder = new TempFolder();
        Gpt2Files.WriteVocabMerges(folder.Path);
        AssertSameAsGpt2(PretrainedTokenizer.FromPretrained(folder.Path));
    }

    [Test]
    public void Gpt2sOwnTokenizerJsonEncodesTinyShakespeareAsTheGpt2Package()
    {
        using var folder = new TempFolder();
        Gpt2Files.WriteTokenizerJson(folder.Path);
        AssertSameAsGpt2(PretrainedTokenizer.FromPretrained(folder.Path));
    }

    private static void AssertSameAsGpt2(PretrainedTokenizer tokenizer)
    {
        var gpt2 = PretrainedTokenizer.Gpt2();
        var text = File.ReadAllText(Repository.File("data", "tinyshakespeare.txt"));
        const string odd = "  leading\tand trailing  \n\n\n éàü — “quotes” 🙂 中文 123456 it's <|endoftext|>they'll  \r\n";
        Assert.Multiple(() =>
        {
            Assert.That(tokenizer.Encode(text), Is.EqualTo(gpt2.Encode(text)));
            Assert.That(tokenizer.Encode(odd), Is.EqualTo(gpt2.Encode(odd)));
            Assert.That(tokenizer.Decode(tokenizer.Encode(odd)), Is.EqualTo(odd));
            Assert.That(tokenizer.EosTokenId, Is.EqualTo(50256));
            Assert.That(tokenizer.VocabSize, Is.EqualTo(50257));
        });
    }
}
