namespace Training.Text.Tests;

/// <summary>Every tokenizer file problem is a <see cref="TokenizerFileException"/> naming the file.</summary>
public class TokenizerFileErrorTests
{
    private static TokenizerFileException Fails(string folder) => Assert.Throws<TokenizerFileException>(() => PretrainedTokenizer.FromPretrained(folder))!;

    [Test]
    public void AFolderThatDoesNotExist()
    {
        var e = Fails("/nonexistent/model");
        Assert.That(e.Path, Is.EqualTo("/nonexistent/model"));
        Assert.That(e.Message, Does.Contain("is not a folder"));
    }

    [Test]
    public void AFolderWithoutTokenizerFiles()
    {
        using var folder = new TempFolder();
        var e = Fails(folder.Path);
        Assert.That(e.Message, Does.Contain("tokenizer.json").And.Contain("vocab.json and merges.txt"));
    }

    [Test]
    public void VocabWithoutMerges()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        File.Delete(folder.File("merges.txt"));
        var e = Fails(folder.Path);
        Assert.That(e.Path, Is.EqualTo(folder.File("merges.txt")));
        Assert.That(e.Message, Does.Contain("merges.txt: is missing"));
    }

    [Test]
    public void MalformedJsonNamesTheFile()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        File.WriteAllText(folder.File("vocab.json"), """{"a": 1,""");
        var e = Fails(folder.Path);
        Assert.That(e.Path, Is.EqualTo(folder.File("vocab.json")));
        Assert.That(e.Message, Does.Contain("is not valid JSON"));
    }

    [Test]
    public void AnUnreadableFileNamesIt()
    {
        using var folder = new TempFolder();
        // Reading /proc/self/mem from offset 0 fails with an I/O error, even for root.
        File.CreateSymbolicLink(folder.File("tokenizer.json"), "/proc/self/mem");
        var e = Fails(folder.Path);
        Assert.That(e.Path, Is.EqualTo(folder.File("tokenizer.json")));
        Assert.That(e.Message, Does.Contain("cannot be read"));
    }

    [TestCase("WordPiece", "model type 'WordPiece' is not supported")]
    [TestCase("Unigram", "model type 'Unigram' is not supported")]
    public void AnUnsupportedModelTypeIsNamed(string type, string message)
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(folder.Path, model: new { type, vocab = new Dictionary<string, int> { ["a"] = 0 } });
        var e = Fails(folder.Path);
        Assert.That(e.Path, Is.EqualTo(folder.File("tokenizer.json")));
        Assert.That(e.Message, Does.Contain(message));
    }

    [Test]
    public void ASentencePieceStyleBpeIsRefused()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(folder.Path, preTokenizer: new { type = "Metaspace", replacement = "▁" });
        Assert.That(Fails(folder.Path).Message, Does.Contain("pre_tokenizer 'Metaspace' is not supported"));
    }

    [Test]
    public void AnUnsupportedNormalizerIsNamed()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteTokenizerJson(folder.Path, normalizer: new { type = "Lowercase" });
        Assert.That(Fails(folder.Path).Message, Does.Contain("normalizer 'Lowercase' is not supported"));
    }

    [Test]
    public void AMergeOfAnUnknownTokenNamesTheVocabulary()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        File.AppendAllLines(folder.File("merges.txt"), ["x yz"]);
        var e = Fails(folder.Path);
        Assert.That(e.Path, Is.EqualTo(folder.File("vocab.json")));
        Assert.That(e.Message, Does.Contain("does not describe a valid BPE model").And.Contain("yz"));
    }

    [Test]
    public void AMalformedMergeLineIsNamed()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        File.AppendAllLines(folder.File("merges.txt"), ["justone"]);
        var e = Fails(folder.Path);
        Assert.That(e.Message, Does.Contain("merges.txt: line 11").And.Contain("justone"));
    }

    [Test]
    public void AnAddPrefixSpaceThatIsNoBooleanIsNamed()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        File.WriteAllText(folder.File("tokenizer_config.json"), """{"add_prefix_space": "yes"}""");
        var e = Fails(folder.Path);
        Assert.That(e.Path, Is.EqualTo(folder.File("tokenizer_config.json")));
        Assert.That(e.Message, Does.Contain("'add_prefix_space' must be true or false"));
    }

    [Test]
    public void ADeclaredSpecialTokenOutsideTheVocabularyNamesTheDeclaringFile()
    {
        using var folder = new TempFolder();
        TinyVocabulary.WriteVocabMerges(folder.Path);
        File.WriteAllText(folder.File("special_tokens_map.json"), """{"pad_token": "[PAD]"}""");
        var e = Fails(folder.Path);
        Assert.That(e.Path, Is.EqualTo(folder.File("special_tokens_map.json")));
        Assert.That(e.Message, Does.Contain("'[PAD]'"));
    }
}
