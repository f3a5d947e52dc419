using System.Diagnostics;

namespace Training.Text.Tests;

/// <summary>SavePretrained writes GPT-2's tokenizer files, which FromPretrained reads back to the same tokenizer.</summary>
public class SavePretrainedTests
{
    private const string Unicode = "  leading\tand trailing  \n\n\n éàü — “quotes” 🙂 中文 123456 it's <|endoftext|>they'll  \r\n"
        + "Ελληνικά, русский, हिन्दी, 日本語の文章。\u200b\u00a0e\u0301 \ud83d\udc69\u200d\ud83d\udc69\u200d\ud83d\udc67 \u0000\u007f";

    private static readonly string[] Gpt2FileNames = ["merges.txt", "special_tokens_map.json", "tokenizer_config.json", "vocab.json"];

    [Test]
    public void Gpt2SavedThenLoadedEncodesAsGpt2()
    {
        using var folder = new TempFolder();
        var gpt2 = PretrainedTokenizer.Gpt2();
        var clock = Stopwatch.StartNew();
        gpt2.SavePretrained(folder.Path);
        var saved = clock.Elapsed;
        clock.Restart();
        var loaded = PretrainedTokenizer.FromPretrained(folder.Path);
        TestContext.Out.WriteLine($"GPT-2's tokenizer: saved in {saved.TotalMilliseconds:F0} ms, loaded in {clock.Elapsed.TotalMilliseconds:F0} ms");
        var text = File.ReadAllText(Repository.File("data", "tinyshakespeare.txt"));
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(Gpt2FileNames),
                "no added_tokens.json: <|endoftext|> is in the vocabulary");
            Assert.That(loaded.Encode(text), Is.EqualTo(gpt2.Encode(text)));
            Assert.That(loaded.Encode(Unicode), Is.EqualTo(gpt2.Encode(Unicode)));
            Assert.That(loaded.Decode(loaded.Encode(Unicode)), Is.EqualTo(Unicode));
            Assert.That(loaded.SpecialTokens, Is.EquivalentTo(gpt2.SpecialTokens));
            Assert.That((loaded.EosToken, loaded.EosTokenId), Is.EqualTo((gpt2.EosToken, gpt2.EosTokenId)));
            Assert.That((loaded.BosToken, loaded.BosTokenId), Is.EqualTo((gpt2.BosToken, gpt2.BosTokenId)));
            Assert.That((loaded.UnkToken, loaded.UnkTokenId), Is.EqualTo((gpt2.UnkToken, gpt2.UnkTokenId)));
            Assert.That((loaded.PadToken, loaded.PadTokenId), Is.EqualTo((gpt2.PadToken, gpt2.PadTokenId)), "undeclared, so end of text again");
            Assert.That(loaded.VocabSize, Is.EqualTo(50257));
            Assert.That(loaded.ModelMaxLength, Is.EqualTo(1024));
            Assert.That(File.ReadAllText(folder.File("special_tokens_map.json")), Is.EqualTo("""
                {
                  "bos_token": "<|endoftext|>",
                  "eos_token": "<|endoftext|>",
                  "unk_token": "<|endoftext|>"
                }

                """), "GPT-2 declares no pad token: none is written");
            Assert.That(File.ReadAllText(folder.File("tokenizer_config.json")), Is.EqualTo("""
                {
                  "add_prefix_space": false,
                  "bos_token": "<|endoftext|>",
                  "eos_token": "<|endoftext|>",
                  "model_max_length": 1024,
                  "tokenizer_class": "GPT2Tokenizer",
                  "unk_token": "<|endoftext|>"
                }

                """));
        });
    }

    [Test]
    public void SavingIsDeterministic()
    {
        using var first = new TempFolder();
        using var second = new TempFolder();
        var gpt2 = PretrainedTokenizer.Gpt2();
        gpt2.SavePretrained(first.Path);
        var before = Gpt2FileNames.ToDictionary(n => n, n => File.ReadAllBytes(first.File(n)));
        gpt2.SavePretrained(second.Path);
        gpt2.SavePretrained(first.Path);
        Assert.Multiple(() =>
        {
            foreach (var name in Gpt2FileNames)
            {
                Assert.That(File.ReadAllBytes(second.File(name)), Is.EqualTo(before[name]), name);
                Assert.That(File.ReadAllBytes(first.File(name)), Is.EqualTo(before[name]), $"{name} saved again over itself");
            }

            Assert.That(Directory.GetFiles(first.Path), Has.Length.EqualTo(Gpt2FileNames.Length), "no temporary file is left");
        });
    }

    [Test]
    public void Gpt2sFilesAreAsTransformersReadsAndWritesThem()
    {
        using var folder = new TempFolder();
        var gpt2 = PretrainedTokenizer.Gpt2();
        gpt2.SavePretrained(folder.Path);
        // nanoGPT's ASCII Shakespeare: Python's re has no \p{L}, but on ASCII the pattern below splits as GPT-2's.
        var sample = File.ReadAllText(Repository.File("data", "tinyshakespeare.txt"))[..20000];
        var samplePath = folder.File("sample.txt.in");
        File.WriteAllText(samplePath, sample);
        var output = PythonTorch.Run(PythonChecks.Script, folder.Path, samplePath);
        using var result = System.Text.Json.JsonDocument.Parse(output);
        var root = result.RootElement;
        Assert.Multiple(() =>
        {
            Assert.That(root.GetProperty("vocab_size").GetInt32(), Is.EqualTo(50257));
            Assert.That(root.GetProperty("endoftext").GetInt32(), Is.EqualTo(50256));
            Assert.That(root.GetProperty("header").GetString(), Is.EqualTo("#version: 0.2"));
            Assert.That(root.GetProperty("merges").GetInt32(), Is.EqualTo(50000), "GPT2Tokenizer's reading: the lines between the header and the final newline");
            Assert.That(root.GetProperty("bad_merges").GetArrayLength(), Is.Zero, "each merge is two vocabulary tokens making a third");
            Assert.That(root.GetProperty("not_as_json_dumps").GetArrayLength(), Is.Zero, "each JSON file is json.dumps(indent=2, sort_keys=True, ensure_ascii=False) + newline");
            Assert.That(root.GetProperty("eos_token").GetString(), Is.EqualTo("<|endoftext|>"));
            Assert.That(root.GetProperty("model_max_length").GetInt32(), Is.EqualTo(1024));
            Assert.That(root.GetProperty("tokenizer_class").GetString(), Is.EqualTo("GPT2Tokenizer"));
            Assert.That(root.GetProperty("ids").EnumerateArray().Select(e => e.GetInt32()), Is.EqualTo(gpt2.Encode(sample)),
                "a byte-level BPE over the saved files, in Python, gives our ids");
        });
    }

    [Test]
    public void ATokenizerJsonTokenizerRoundTrips()
    {
        using var source = new TempFolder();
        using var target = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(source.Path);
        File.WriteAllText(source.File("special_tokens_map.json"), """{"eos_token": "<|endoftext|>", "pad_token": "<pad>"}""");
        File.WriteAllText(source.File("tokenizer_config.json"), """{"model_max_length": 64}""");
        var original = PretrainedTokenizer.FromPretrained(source.Path);
        original.SavePretrained(target.Path);
        var loaded = PretrainedTokenizer.FromPretrained(target.Path);
        Assert.Multiple(() =>
        {
            AssertSame(loaded, original, "hello world", " world<pad>hello", "hello<|endoftext|>world", "low\n", "é!", Unicode);
            Assert.That(loaded.VocabSize, Is.EqualTo(267));
            Assert.That(loaded.ModelMaxLength, Is.EqualTo(64));
            Assert.That(loaded.PadTokenId, Is.EqualTo(TinyVocabulary.Pad));
            Assert.That(File.Exists(target.File("tokenizer.json")), Is.False);
            Assert.That(File.ReadAllText(target.File("added_tokens.json")), Is.EqualTo("""
                {
                  "<pad>": 266,
                  "<|endoftext|>": 265
                }

                """), "the added tokens beyond the vocabulary");
            Assert.That(File.ReadAllText(target.File("merges.txt")), Is.EqualTo("#version: 0.2\n" + string.Concat(TinyVocabulary.Merges.Select(m => $"{m.Left} {m.Right}\n"))));
            Assert.That(File.ReadAllText(target.File("special_tokens_map.json")), Is.EqualTo("""
                {
                  "bos_token": "<|endoftext|>",
                  "eos_token": "<|endoftext|>",
                  "pad_token": "<pad>",
                  "unk_token": "<|endoftext|>"
                }

                """));
        });
    }

    [Test]
    public void AVocabMergesTokenizerRoundTripsWithItsMergesUnchanged()
    {
        using var source = new TempFolder();
        using var target = new TempFolder();
        TinyVocabulary.WriteVocabMerges(source.Path);
        var original = PretrainedTokenizer.FromPretrained(source.Path);
        original.SavePretrained(target.Path);
        var loaded = PretrainedTokenizer.FromPretrained(target.Path);
        Assert.Multiple(() =>
        {
            AssertSame(loaded, original, "hello world", "hello<|endoftext|>world", "world", Unicode);
            Assert.That(loaded.VocabSize, Is.EqualTo(266));
            Assert.That(loaded.ModelMaxLength, Is.Null, "unknown, so not written");
            Assert.That(File.ReadAllBytes(target.File("merges.txt")), Is.EqualTo(File.ReadAllBytes(source.File("merges.txt"))));
            Assert.That(File.Exists(target.File("added_tokens.json")), Is.False, "<|endoftext|> is in vocab.json");
        });
    }

    [Test]
    public void AddPrefixSpaceIsKeptThroughTokenizerConfig()
    {
        using var source = new TempFolder();
        using var target = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(source.Path, preTokenizer: new { type = "ByteLevel", add_prefix_space = true, use_regex = true });
        var original = PretrainedTokenizer.FromPretrained(source.Path);
        original.SavePretrained(target.Path);
        var loaded = PretrainedTokenizer.FromPretrained(target.Path);
        Assert.Multiple(() =>
        {
            Assert.That(loaded.Encode("world"), Is.EqualTo(new[] { TinyVocabulary.SpaceWorld }), "a space is prefixed");
            AssertSame(loaded, original, "hello world", " world", "hello<|endoftext|>world");
            Assert.That(File.ReadAllText(target.File("tokenizer_config.json")), Does.Contain("\"add_prefix_space\": true,"));
        });
    }

    [Test]
    public void OddTokensAreWrittenAsPythonWritesThem()
    {
        using var source = new TempFolder();
        using var target = new TempFolder();
        // Escaped by Python (quote, backslash, controls) or not (DEL, a private-use character, an emoji), and keys
        // whose UTF-16 order differs from Python's code point order (U+E000 sorts before the emoji there).
        string[] odd = ["<\"q\">", "a\\b", "\t", "\u0001", "\u007f", "\ue000", "🙂", "ÿ"];
        TinyVocabulary.WriteTokenizerJson(source.Path, moreAddedTokens: odd);
        var original = PretrainedTokenizer.FromPretrained(source.Path);
        original.SavePretrained(target.Path);
        var loaded = PretrainedTokenizer.FromPretrained(target.Path);
        var output = PythonTorch.Run(PythonChecks.Script, target.Path, "");
        using var result = System.Text.Json.JsonDocument.Parse(output);
        Assert.Multiple(() =>
        {
            Assert.That(result.RootElement.GetProperty("not_as_json_dumps").GetArrayLength(), Is.Zero, output);
            var added = result.RootElement.GetProperty("added_tokens").EnumerateObject().ToDictionary(p => p.Name, p => p.Value.GetInt32());
            Assert.That(added, Is.EquivalentTo(original.SpecialTokens), "added_tokens.json as Python reads it");
            Assert.That(loaded.SpecialTokens, Is.EquivalentTo(original.SpecialTokens));
            AssertSame(loaded, original, "x<\"q\">a\\b\t\u0001\u007f\ue000🙂ÿ<pad>");
        });
    }

    [Test]
    public void StaleTokenizerFilesInTheFolderAreRemoved()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(folder.Path);
        File.WriteAllText(folder.File("added_tokens.json"), """{"<old>": 50257}""");
        PretrainedTokenizer.Gpt2().SavePretrained(folder.Path);
        Assert.Multiple(() =>
        {
            Assert.That(Directory.GetFiles(folder.Path).Select(Path.GetFileName).Order(StringComparer.Ordinal), Is.EqualTo(Gpt2FileNames),
                "tokenizer.json would be read instead of vocab.json + merges.txt, added_tokens.json on top of them");
            Assert.That(PretrainedTokenizer.FromPretrained(folder.Path).Encode("Hello world"), Is.EqualTo(new[] { 15496, 995 }));
        });
    }

    [Test]
    public void AnNfcNormalizerCannotBeSaved()
    {
        using var source = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(source.Path, normalizer: new { type = "NFC" });
        var target = Path.Combine(source.Path, "saved");
        var e = Assert.Throws<TokenizerSaveException>(() => PretrainedTokenizer.FromPretrained(source.Path).SavePretrained(target))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Tokenizer, Is.EqualTo(source.Path));
            Assert.That(e.Reason, Does.Contain("NFC").And.Contain(source.File("tokenizer.json")));
            Assert.That(e.Message, Does.StartWith($"the tokenizer {source.Path} cannot be saved as vocab.json + merges.txt: "));
            Assert.That(Directory.Exists(target), Is.False, "nothing is written");
        });
    }

    [Test]
    public void APreTokenizationRegexOtherThanGpt2sCannotBeSaved()
    {
        using var source = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(source.Path, preTokenizer: new
        {
            type = "Sequence",
            pretokenizers = new object[]
            {
                new { type = "Split", pattern = new { Regex = @"\p{L}+" }, behavior = "Isolated", invert = false },
                new { type = "ByteLevel", add_prefix_space = false, trim_offsets = false, use_regex = false },
            },
        });
        var e = Assert.Throws<TokenizerSaveException>(() => PretrainedTokenizer.FromPretrained(source.Path).SavePretrained(source.Path))!;
        Assert.Multiple(() =>
        {
            Assert.That(e.Reason, Does.Contain(@"'\p{L}+'").And.Contain("not GPT-2's"));
            Assert.That(File.Exists(source.File("vocab.json")), Is.False, "nothing is written");
            Assert.That(File.Exists(source.File("tokenizer.json")), Is.True, "nothing is removed");
        });
    }

    private static void AssertSame(PretrainedTokenizer loaded, PretrainedTokenizer original, params string[] texts)
    {
        foreach (var text in texts) Assert.That(loaded.Encode(text), Is.EqualTo(original.Encode(text)), text);
        Assert.That(loaded.SpecialTokens, Is.EquivalentTo(original.SpecialTokens));
        Assert.That((loaded.EosToken, loaded.EosTokenId, loaded.BosToken, loaded.BosTokenId), Is.EqualTo((original.EosToken, original.EosTokenId, original.BosToken, original.BosTokenId)));
        Assert.That((loaded.UnkToken, loaded.UnkTokenId, loaded.PadToken, loaded.PadTokenId), Is.EqualTo((original.UnkToken, original.UnkTokenId, original.PadToken, original.PadTokenId)));
        Assert.That(loaded.VocabSize, Is.EqualTo(original.VocabSize));
    }
}
