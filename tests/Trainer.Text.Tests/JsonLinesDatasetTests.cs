using System.Text.Json;

namespace Training.Text.Tests;

/// <summary>JSON Lines: 'text' documents joined by end-of-text and cut into blocks, or prompt/completion examples.</summary>
public class JsonLinesDatasetTests
{
    private static readonly PretrainedTokenizer Gpt2 = PretrainedTokenizer.Gpt2();
    private const int Eos = 50256;

    private static string Write(TempFolder folder, params string[] lines)
    {
        var path = folder.File("data.jsonl");
        File.WriteAllLines(path, lines);
        return path;
    }

    private static string Json(object value) => JsonSerializer.Serialize(value);

    [Test]
    public void TextRecordsAreJoinedWithEndOfTextAndCutIntoBlocks()
    {
        using var folder = new TempFolder();
        string[] documents = ["First document, with some words.", "Second one\nover two lines.", "", "Fourth: émoji 🙂 and numbers 1234."];
        var path = Write(folder, [.. documents.Select(d => Json(new { text = d, source = "ignored" })), "   "]);
        var dataset = TextDatasets.FromJsonLines(path, Gpt2, new TextDatasetOptions { BlockSize = 4 });
        var expected = new List<int>();
        foreach (var (document, i) in documents.Select((d, i) => (d, i)))
        {
            if (i > 0) expected.Add(Eos);
            expected.AddRange(Gpt2.Encode(document));
        }

        Assert.Multiple(() =>
        {
            Assert.That(dataset, Is.TypeOf<TokenBlockDataset>());
            Assert.That(dataset.TokenCount, Is.EqualTo(expected.Count));
            Assert.That(dataset.Count, Is.EqualTo(expected.Count / 4));
            Assert.That(Enumerable.Range(0, dataset.Count).SelectMany(i => dataset[i].InputIds.ToArray()), Is.EqualTo(expected.Take(dataset.Count * 4)));
            Assert.That(expected.Count(id => id == Eos), Is.EqualTo(3), "between documents, not after the last (the empty one included)");
        });
    }

    [Test]
    public void PromptCompletionRecordsAreOneExampleEachWithTheLossOnTheCompletion()
    {
        using var folder = new TempFolder();
        var path = Write(folder,
            Json(new { prompt = "Q: What is the capital of France?\nA:", completion = " Paris." }),
            Json(new { prompt = "Translate: chat", completion = " cat" }));
        var dataset = TextDatasets.FromJsonLines(path, Gpt2, new TextDatasetOptions { BlockSize = 64 });
        Assert.That(dataset, Is.TypeOf<PromptCompletionDataset>());
        Assert.That(dataset.Count, Is.EqualTo(2));
        var prompt = Gpt2.Encode("Q: What is the capital of France?\nA:");
        var completion = Gpt2.Encode(" Paris.");
        var first = dataset[0];
        Assert.Multiple(() =>
        {
            Assert.That(first.InputIds.ToArray(), Is.EqualTo(prompt.Concat(completion).Append(Eos)));
            Assert.That(first.Labels!.Value.ToArray(), Is.EqualTo(Enumerable.Repeat(-100, prompt.Length).Concat(completion).Append(Eos)));
            Assert.That(dataset.LengthOf(1), Is.EqualTo(Gpt2.Encode("Translate: chat").Length + Gpt2.Encode(" cat").Length + 1));
        });

        // The causal collator keeps the prompt at -100 and the padding at -100.
        using var batch = new DataCollatorForLanguageModeling(Gpt2.PadTokenId!.Value).Collate(dataset, [0, 1]);
        var labels = batch["labels"].data<long>().ToArray();
        var width = (int)batch["labels"].shape[1];
        Assert.That(labels.Skip(width).Take(width).Count(l => l != -100), Is.EqualTo(Gpt2.Encode(" cat").Length + 1), "the second row learns ' cat' and the end of text");
    }

    [Test]
    public void LongExamplesAreTruncatedAndPromptsThatFillTheBlockAreDropped()
    {
        using var folder = new TempFolder();
        var path = Write(folder,
            Json(new { prompt = "one two", completion = " three four five six seven" }),
            Json(new { prompt = "a b c d e f g h i j", completion = " k" }));
        var logger = new RecordingLogger();
        var dataset = (PromptCompletionDataset)TextDatasets.FromJsonLines(path, Gpt2, new TextDatasetOptions { BlockSize = 5, Logger = logger });
        Assert.Multiple(() =>
        {
            Assert.That(dataset.Count, Is.EqualTo(1));
            Assert.That(dataset.Dropped, Is.EqualTo(1));
            Assert.That(dataset[0].InputIds.ToArray(), Is.EqualTo(Gpt2.Encode("one two").Concat(Gpt2.Encode(" three four five six seven")).Take(5)));
            Assert.That(dataset[0].Labels!.Value.ToArray()[..2], Is.All.EqualTo(-100));
            Assert.That(logger.Entries, Has.Some.Matches<(Microsoft.Extensions.Logging.LogLevel Level, string Message)>(e => e.Message.Contains("1 of 2 prompts", StringComparison.Ordinal)));
        });
    }

    [Test]
    public void AMalformedLineIsNamedByFileAndLineNumber()
    {
        using var folder = new TempFolder();
        var path = Write(folder, Json(new { text = "fine" }), "", "{\"text\": \"unterminated}");
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromJsonLines(path, Gpt2));
        Assert.Multiple(() =>
        {
            Assert.That(e!.LineNumber, Is.EqualTo(3));
            Assert.That(e.Message, Does.StartWith(path + ":3: is not valid JSON"));
        });
    }

    [TestCase("{\"title\": \"x\", \"body\": \"y\"}", "has neither a 'text' field nor 'prompt' and 'completion' (its fields: 'title', 'body')")]
    [TestCase("{\"prompt\": \"x\"}", "has 'prompt' without 'completion'")]
    [TestCase("{\"text\": 5}", "'text' must be a string, found Number")]
    [TestCase("[1, 2]", "must be a JSON object, found Array")]
    [TestCase("{\"text\": \"a\", \"prompt\": \"b\", \"completion\": \"c\"}", "has both 'text' and 'prompt'/'completion': a record is one or the other")]
    public void ALineWithoutUsableFieldsIsNamed(string line, string message)
    {
        using var folder = new TempFolder();
        var path = Write(folder, line);
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromJsonLines(path, Gpt2));
        Assert.That(e!.Message, Is.EqualTo($"{path}:1: {message}"));
    }

    [Test]
    public void RecordsOfBothKindsInOneFileAreRefused()
    {
        using var folder = new TempFolder();
        var path = Write(folder, Json(new { text = "a" }), Json(new { prompt = "b", completion = "c" }));
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromJsonLines(path, Gpt2));
        Assert.That(e!.Message, Does.Contain(":2: is a 'prompt'/'completion' record, but the file's first record (line 1) is a 'text' one"));
    }

    [Test]
    public void TooFewTokensForABlockSaysHowMany()
    {
        using var folder = new TempFolder();
        var path = Write(folder, Json(new { text = "Hello" }), Json(new { text = "world" }));
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromJsonLines(path, Gpt2, new TextDatasetOptions { BlockSize = 8 }));
        Assert.That(e!.Message, Does.Contain("has 3 tokens of 'text' records after tokenization, fewer than BlockSize = 8"));
    }

    [Test]
    public void AFileOfBlankLinesHasNoRecord()
    {
        using var folder = new TempFolder();
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromJsonLines(Write(folder, "", "  "), Gpt2));
        Assert.That(e!.Message, Does.Contain("holds no record"));
    }

    [Test]
    public void PromptsThatAllFillTheBlockLeaveAnEmptyDataset()
    {
        using var folder = new TempFolder();
        var path = Write(folder, Json(new { prompt = "a b c d", completion = " e" }));
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromJsonLines(path, Gpt2, new TextDatasetOptions { BlockSize = 2 }));
        Assert.That(e!.Message, Does.Contain("no example left").And.Contain("BlockSize = 2"));
    }
}
