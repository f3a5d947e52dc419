using System.Text;

namespace Training.Text.Tests;

/// <summary>A plain text file tokenized as one text and cut into blocks (run_clm's group_texts).</summary>
public class TextFileDatasetTests
{
    private static readonly PretrainedTokenizer Gpt2 = PretrainedTokenizer.Gpt2();
    private static readonly string Shakespeare = Repository.File("data", "tinyshakespeare.txt");

    private static int[] Flatten(TokenizedTextDataset dataset) =>
        [.. Enumerable.Range(0, dataset.Count).SelectMany(i => dataset[i].InputIds.ToArray())];

    [Test]
    public void BlocksAreTheTokenizersIdsOfTheWholeTextRemainderDropped()
    {
        var progress = new RecordingProgress();
        var logger = new RecordingLogger();
        var dataset = TextDatasets.FromTextFile(Shakespeare, Gpt2, new TextDatasetOptions { BlockSize = 1000, Progress = progress, Logger = logger });
        var expected = Gpt2.Encode(File.ReadAllText(Shakespeare));
        Assert.Multiple(() =>
        {
            Assert.That(dataset.TokenCount, Is.EqualTo(expected.Length));
            Assert.That(dataset.Count, Is.EqualTo(expected.Length / 1000), "338 blocks; the last 25 tokens dropped");
            Assert.That(Flatten(dataset), Is.EqualTo(expected.Take(dataset.Count * 1000)));
            Assert.That(dataset[5].Labels, Is.Null, "labels are the inputs (the collator copies them)");
            Assert.That(dataset.LengthOf(3), Is.EqualTo(1000));
            Assert.That(progress.Reports[^1].Fraction, Is.EqualTo(1.0));
            Assert.That(progress.Reports[^1].Tokens, Is.EqualTo(expected.Length));
            Assert.That(logger.Entries.Select(e => e.Message), Has.Some.StartsWith("Tokenizing " + Shakespeare).And.Some.StartsWith("Tokenized " + Shakespeare));
        });
    }

    [Test]
    public void AFileLargerThanAChunkGivesTheIdsOfTheWholeText()
    {
        // ~5 MiB: several 1 Mi-character chunks, encoded in parallel. Most lines end in whitespace before their
        // newline ("  \n", "\n\n"), where cutting would change the ids; every 50th ends in a letter, where it does not.
        var text = new StringBuilder();
        var lines = File.ReadAllLines(Shakespeare);
        for (var copy = 0; text.Length < 5 << 20; copy++)
        {
            for (var i = 0; i < lines.Length; i++)
                text.Append(lines[i]).Append((i + copy) % 50 == 0 ? "x\n" : (i % 3) switch { 0 => "  \n", 1 => "\n\n", _ => " é中<|endoftext|> \n" });
        }

        using var folder = new TempFolder();
        var path = folder.File("large.txt");
        File.WriteAllText(path, text.ToString());
        var logger = new RecordingLogger();
        var dataset = TextDatasets.FromTextFile(path, Gpt2, new TextDatasetOptions { BlockSize = 512, Logger = logger });
        var expected = Gpt2.Encode(text.ToString());
        Assert.That(dataset.TokenCount, Is.EqualTo(expected.Length));
        Assert.That(Flatten(dataset), Is.EqualTo(expected.Take(dataset.Count * 512)));
        Assert.That(logger.Entries.Count(e => e.Message.Contains("%", StringComparison.Ordinal)), Is.GreaterThan(0), "a large file logs its progress");
    }

    [Test]
    public void ATextTooShortForOneBlockSaysHowManyTokensItHas()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("short.txt"), "Hello world");
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromTextFile(folder.File("short.txt"), Gpt2, new TextDatasetOptions { BlockSize = 3 }));
        Assert.That(e!.Message, Does.Contain("has 2 tokens").And.Contain("fewer than BlockSize = 3"));
        Assert.That(e.Path, Is.EqualTo(folder.File("short.txt")));
    }

    [Test]
    public void AnEmptyFileIsAnEmptyDataset()
    {
        using var folder = new TempFolder();
        File.WriteAllText(folder.File("empty.txt"), "");
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromTextFile(folder.File("empty.txt"), Gpt2));
        Assert.That(e!.Message, Does.Contain("has 0 tokens").And.Contain("BlockSize = 1024"));
    }

    [Test]
    public void AMissingFileIsNamed()
    {
        var e = Assert.Throws<TextDatasetException>(() => TextDatasets.FromTextFile("/nonexistent/corpus.txt", Gpt2));
        Assert.That(e!.Message, Does.StartWith("/nonexistent/corpus.txt: cannot be read"));
    }

    [TestCase(0)]
    [TestCase(-5)]
    public void ABlockSizeBelowOneIsRefused(int blockSize)
    {
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => TextDatasets.FromTextFile(Shakespeare, Gpt2, new TextDatasetOptions { BlockSize = blockSize }));
        Assert.That(e!.ParamName, Is.EqualTo("BlockSize"));
    }
}
