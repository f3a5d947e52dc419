using Training.TorchExtensions;
namespace Training.Models.Tests;

public class CharDatasetTests
{
    private static readonly long[] Counting = Enumerable.Range(0, 100).Select(i => (long)i).ToArray();

    [Test]
    public void AWindowsTargetIsItsInputShiftedByOne()
    {
        using var scope = NewDisposeScope();
        var dataset = new CharDataset(Counting, blockSize: 8);
        var (input, target) = dataset[10];
        Assert.That(dataset.Count, Is.EqualTo(92));
        Assert.That(input.data<long>().ToArray(), Is.EqualTo(Enumerable.Range(10, 8).Select(i => (long)i)));
        Assert.That(target.data<long>().ToArray(), Is.EqualTo(Enumerable.Range(11, 8).Select(i => (long)i)));
        Assert.That(() => dataset[92], Throws.InstanceOf<ArgumentOutOfRangeException>());
    }

    [Test]
    public void RandomBatchesAreShapedAndReproducible()
    {
        using var scope = NewDisposeScope();
        var dataset = new CharDataset(Counting, blockSize: 8);
        using var first = new Generator(3);
        using var second = new Generator(3);
        var (a, aTarget) = dataset.RandomBatch(4, first);
        var (b, _) = dataset.RandomBatch(4, second);
        Assert.That(a.shape, Is.EqualTo(new long[] { 4, 8 }));
        Assert.That(a.data<long>().ToArray(), Is.EqualTo(b.data<long>().ToArray()));
        Assert.That(aTarget.sub(a).eq(Scalars.Keep(1)).all().item<bool>(), Is.True, "targets are inputs + 1 on a counting sequence");
    }

    [Test]
    public void SequentialBatchesTileTheTextWithoutOverlap()
    {
        using var scope = NewDisposeScope();
        var dataset = new CharDataset(Counting, blockSize: 8);
        var batches = dataset.SequentialBatches(batchSize: 5).ToList();
        var starts = batches.SelectMany(b => b.Input.select(1, 0).data<long>().ToArray()).ToList();
        // 92 windows: starts 0, 8, ..., 88 (12 of them) in batches of 5, 5 and 2.
        Assert.That(batches.Select(b => b.Input.size(0)), Is.EqualTo(new long[] { 5, 5, 2 }));
        Assert.That(starts, Is.EqualTo(Enumerable.Range(0, 12).Select(i => 8L * i)));
        Assert.That(dataset.SequentialBatches(5, maxBatches: 2).Count(), Is.EqualTo(2));
    }

    [Test]
    public void TheCorpusSplitsNinetyTen()
    {
        var text = string.Concat(Enumerable.Repeat("to be or not to be\n", 50));
        var corpus = CharCorpus.FromText(text, blockSize: 8);
        Assert.That(corpus.Train.Tokens.Length, Is.EqualTo((int)(0.9 * text.Length)));
        Assert.That(corpus.Train.Tokens.Length + corpus.Validation.Tokens.Length, Is.EqualTo(text.Length));
        Assert.That(corpus.Tokenizer.Decode(corpus.Validation.Tokens.Span), Is.EqualTo(text[(int)(0.9 * text.Length)..]));
    }

    [Test]
    public void TooShortTextsAreRejected() =>
        Assert.That(() => new CharDataset(new long[8], blockSize: 8), Throws.ArgumentException);
}
