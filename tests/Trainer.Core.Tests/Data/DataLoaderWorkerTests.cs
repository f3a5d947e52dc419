using System.Collections.Concurrent;

namespace Training.Core.Tests.Data;

/// <summary>Background collation: the same batches as on the training thread, in order, bounded, leak-free.</summary>
[NonParallelizable]
public class DataLoaderWorkerTests
{
    private static DataLoader Loader(IDataset data, IDataCollator collator, int workers, int? prefetch = null, int batchSize = 4) =>
        new(data, collator, batchSize, LengthGroupedSampler.For(data, batchSize * 2, seed: 17), seed: 17)
        {
            NumWorkers = workers,
            PrefetchFactor = prefetch,
        };

    private static List<Dictionary<string, byte[]>> Bytes(DataLoader loader, int epoch, int skip = 0)
    {
        var batches = new List<Dictionary<string, byte[]>>();
        foreach (var batch in loader.Epoch(epoch, skip))
        {
            using (batch) batches.Add(batch.Names.ToDictionary(n => n, n => batch[n].bytes.ToArray()));
        }

        return batches;
    }

    [TestCase(1, null)]
    [TestCase(2, null)]
    [TestCase(2, 1)]
    [TestCase(2, 5)]
    public void WorkersGiveTheSameBatchesBitForBitAsTheTrainingThread(int workers, int? prefetch)
    {
        var data = TokenData.Sequences(103);
        var onThread = Loader(data, TokenData.MaskedLm(), workers: 0);
        var background = Loader(data, TokenData.MaskedLm(), workers, prefetch);
        foreach (var epoch in new[] { 0, 1 })
        {
            var expected = Bytes(onThread, epoch);
            Assert.That(expected, Has.Count.EqualTo(26));
            Assert.That(Bytes(background, epoch), Is.EqualTo(expected), $"epoch {epoch}");
        }

        Assert.That(Bytes(background, 1, skip: 7), Is.EqualTo(Bytes(onThread, 1).Skip(7)), "resumed mid-epoch");
    }

    [Test]
    public void SkippedBatchesAreNeverCollated([Values(0, 2)] int workers)
    {
        var collated = new ConcurrentBag<int>();
        var collator = new DataCollator<TokenizedExample>((examples, context) =>
        {
            collated.Add(context.BatchIndex);
            return TokenData.MaskedLm().Collate(examples, context);
        });
        var data = TokenData.Sequences(40);
        foreach (var batch in Loader(data, collator, workers).Epoch(0, skipBatches: 6)) batch.Dispose();
        Assert.That(collated.Order(), Is.EqualTo(Enumerable.Range(6, 4)));
    }

    [Test]
    public void AWorkersExceptionSurfacesOnTheConsumerNamingTheBatch()
    {
        var collator = new DataCollator<TokenizedExample>((examples, context) =>
            context.BatchIndex == 5 ? throw new FormatException("bad example") : TokenData.MaskedLm().Collate(examples, context));
        var baseline = LiveTensors.SettledCount();
        var seen = new List<int>();
        var e = Assert.Throws<DataLoaderWorkerException>(() =>
        {
            foreach (var batch in Loader(TokenData.Sequences(60), collator, workers: 2, prefetch: 3).Epoch(2))
            {
                seen.Add(seen.Count);
                batch.Dispose();
            }
        });
        Assert.Multiple(() =>
        {
            Assert.That(seen, Has.Count.EqualTo(5), "batches 0-4 arrived, in order, before the failure");
            Assert.That(e!.BatchIndex, Is.EqualTo(5));
            Assert.That(e.Epoch, Is.EqualTo(2));
            Assert.That(e.Message, Does.Contain("batch 5 of epoch 2").And.Contain("FormatException: bad example"));
            Assert.That(e.InnerException, Is.TypeOf<FormatException>());
            Assert.That(LiveTensors.Count, Is.EqualTo(baseline), "the batches collated after the failing one were disposed");
        });
    }

    [Test]
    public void WithoutWorkersTheCollatorsExceptionPropagatesAsItIs()
    {
        var collator = new DataCollator<TokenizedExample>((_, _) => throw new FormatException("bad example"));
        Assert.Throws<FormatException>(() => Loader(TokenData.Sequences(8), collator, workers: 0).Epoch(0).First().Dispose());
    }

    [Test]
    public void AtMostWorkersTimesPrefetchBatchesAreInFlightAndAllAreDisposedOnAnEarlyStop()
    {
        const int workers = 2, prefetch = 3, window = workers * prefetch;
        var collated = 0;
        var collator = new DataCollator<TokenizedExample>((examples, context) =>
        {
            Interlocked.Increment(ref collated);
            return TokenData.MaskedLm().Collate(examples, context);
        });
        var baseline = LiveTensors.SettledCount();
        var taken = 0;
        using (var batches = Loader(TokenData.Sequences(200), collator, workers, prefetch).Epoch(0).GetEnumerator())
        {
            for (; taken < 3; taken++)
            {
                Assert.That(batches.MoveNext(), Is.True);
                batches.Current.Dispose();
                // The workers fill the window behind the consumer, and stop there.
                Assert.That(SpinWait.SpinUntil(() => Volatile.Read(ref collated) >= taken + 1 + window, TimeSpan.FromSeconds(10)), Is.True, "the window filled");
                Thread.Sleep(50);
                Assert.That(Volatile.Read(ref collated), Is.EqualTo(taken + 1 + window), $"after {taken + 1} batches taken");
            }

            Assert.That(LiveTensors.Count, Is.GreaterThan(baseline), "collated batches are waiting");
        }

        Assert.That(LiveTensors.Count, Is.EqualTo(baseline), "disposing the epoch's enumerator disposed every batch in flight");
    }

    [Test]
    public void PrefetchWithoutWorkersIsRefused()
    {
        var loader = Loader(TokenData.Sequences(8), TokenData.MaskedLm(), workers: 0, prefetch: 2);
        var e = Assert.Throws<InvalidOperationException>(() => loader.Epoch(0).GetEnumerator().Dispose());
        Assert.That(e!.Message, Does.Contain("PrefetchFactor").And.Contain("NumWorkers"));
    }
}
