using System.Text.Json;

namespace Training.Core.Tests.Data;

/// <summary>Transformers' length-grouped order, against its own algorithm run in Python on the same permutation.</summary>
public class LengthGroupedSamplerTests
{
    // Transformers' get_length_grouped_indices (trainer_pt_utils.py), with torch.randperm replaced by the given permutation.
    private const string TransformersGrouping = """
        import json, sys, torch
        d = json.load(open(sys.argv[1]))
        lengths, batch_size = d["lengths"], d["batch_size"]
        mega_batch_mult = min(len(lengths) // (batch_size * 4), 50)
        if mega_batch_mult == 0:
            mega_batch_mult = 1
        indices = torch.tensor(d["perm"])
        megabatch_size = mega_batch_mult * batch_size
        megabatches = [indices[i : i + megabatch_size].tolist() for i in range(0, len(lengths), megabatch_size)]
        megabatches = [list(sorted(megabatch, key=lambda i: lengths[i], reverse=True)) for megabatch in megabatches]
        megabatch_maximums = [lengths[megabatch[0]] for megabatch in megabatches]
        max_idx = torch.argmax(torch.tensor(megabatch_maximums)).item()
        megabatches[0][0], megabatches[max_idx][0] = megabatches[max_idx][0], megabatches[0][0]
        print(json.dumps([i for megabatch in megabatches for i in megabatch]))
        """;

    private static int[] Lengths(int count, int seed, int maxLength)
    {
        var random = new Random(seed);
        return [.. Enumerable.Range(0, count).Select(_ => 1 + random.Next(maxLength))];
    }

    [TestCase(1000, 4, 20)]   // 50 batches per megabatch, 5 megabatches, many ties
    [TestCase(300, 8, 500)]   // 9 batches per megabatch, a short last one
    [TestCase(10, 4, 6)]      // fewer than 4 batches: one batch per megabatch
    public void TheOrderEqualsTransformersOnTheSamePermutation(int count, int batchSize, int maxLength)
    {
        var lengths = Lengths(count, count, maxLength);
        var sampler = new LengthGroupedSampler(lengths, batchSize, seed: 5);
        using var file = new TempFolder();
        var input = Path.Combine(file.Path, "input.json");
        foreach (var epoch in new[] { 0, 3 })
        {
            File.WriteAllText(input, JsonSerializer.Serialize(new { lengths, batch_size = batchSize, perm = sampler.Permutation(epoch) }));
            var expected = JsonSerializer.Deserialize<int[]>(PythonTorch.Run(TransformersGrouping, input));
            Assert.That(sampler.Order(epoch), Is.EqualTo(expected), $"epoch {epoch}");
        }
    }

    [Test]
    public void EveryIndexOnceEachMegabatchDescendingAndTheLongestFirst()
    {
        var lengths = Lengths(2000, 1, 1000);
        var sampler = new LengthGroupedSampler(lengths, batchSize: 4, seed: 9);
        Assert.That(sampler.MegaBatchMultiplier, Is.EqualTo(50));
        for (var epoch = 0; epoch < 3; epoch++)
        {
            var order = sampler.Order(epoch);
            Assert.That(order.Order(), Is.EqualTo(Enumerable.Range(0, lengths.Length)), "every index once");
            Assert.That(lengths[order[0]], Is.EqualTo(lengths.Max()), "the longest example comes first");
            var megabatches = order.Chunk(200).ToArray();
            for (var m = 0; m < megabatches.Length; m++)
                Assert.That(megabatches[m].Skip(1).Select(i => lengths[i]), Is.Ordered.Descending, $"megabatch {m} of epoch {epoch} after its first");
            // Only the megabatch whose first element was swapped into the first may be out of order at its head.
            Assert.That(megabatches.Skip(1).Count(b => lengths[b[0]] < lengths[b[1]]), Is.LessThanOrEqualTo(1), $"epoch {epoch}");
        }
    }

    [Test]
    public void TheOrderIsAFunctionOfSeedAndEpoch()
    {
        var lengths = Lengths(500, 2, 100);
        var a = new LengthGroupedSampler(lengths, 4, seed: 1);
        Assert.Multiple(() =>
        {
            Assert.That(new LengthGroupedSampler(lengths, 4, seed: 1).Order(2), Is.EqualTo(a.Order(2)), "rebuilt on resume");
            Assert.That(a.Order(3), Is.Not.EqualTo(a.Order(2)), "reshuffled each epoch");
            Assert.That(new LengthGroupedSampler(lengths, 4, seed: 2).Order(2), Is.Not.EqualTo(a.Order(2)), "another seed");
            Assert.That(a.Permutation(2), Is.EqualTo(new RandomSampler(500, 1).Order(2)), "the permutation is the shuffled order's");
        });
    }

    [Test]
    public void TheTrainingLoaderGroupsWithBatchTimesAccumulation()
    {
        var data = TokenizedDataset.FromIds(Lengths(800, 3, 300).Select(n => new int[n]));
        var args = new TrainingArguments { GroupByLength = true, PerDeviceTrainBatchSize = 2, GradientAccumulationSteps = 4, Seed = 11 };
        var loader = DataLoader.ForTraining(data, new DataCollatorWithPadding(0), args);
        var sampler = (LengthGroupedSampler)loader.Sampler;
        Assert.Multiple(() =>
        {
            Assert.That(sampler.BatchSize, Is.EqualTo(8));
            Assert.That(sampler.MegaBatchMultiplier, Is.EqualTo(25), "min(800 / (8 * 4), 50)");
            Assert.That(loader.Order(0), Is.EqualTo(new LengthGroupedSampler([.. Enumerable.Range(0, 800).Select(data.LengthOf)], 8, 11).Order(0)));
        });
    }

    [Test]
    public void ADatasetWithoutLengthsIsRefusedNamingItsType()
    {
        var args = new TrainingArguments { GroupByLength = true };
        var e = Assert.Throws<ArgumentException>(() => DataLoader.ForTraining(new ListDataset<float>([1f, 2f]), TinyRegression.Collator, args));
        Assert.That(e!.Message, Does.Contain("ListDataset").And.Contain(nameof(IExampleLengths)).And.Contain("GroupByLength"));
    }

    [Test]
    public void LengthsComeFromTokenizedExamplesWhenTheDatasetDoesNotReportThem()
    {
        var data = new ListDataset<TokenizedExample>([new TokenizedExample(new int[3]), new TokenizedExample(new int[9]), new TokenizedExample(new int[1])]);
        Assert.That(LengthGroupedSampler.For(data, 1, 0).Order(0)[0], Is.EqualTo(1), "the longest first");
    }
}
