using Training.TorchExtensions;
namespace Training.Core.Tests;

/// <summary>
/// Token-correct gradient accumulation (Transformers' <c>num_items_in_batch</c>, #34242): the Trainer fetches the
/// micro-batches of an update first, counts their loss items, and the loss of each is its sum over items divided by
/// that count, so one update sees the same gradient however its examples are split into micro-batches — also when
/// they hold different numbers of tokens. Models that take no count keep Transformers' rule (each micro-batch's mean
/// divided by the number of micro-batches), which does not have that property.
/// </summary>
[NonParallelizable]
public class AccumulationTests
{
    // Eight sequences of different lengths: micro-batches of two hold from 6 to 21 label tokens (padding is -100).
    private static readonly int[] Lengths = [3, 12, 5, 2, 9, 7, 14, 4];

    private static (Dictionary<string, double[]> Gradients, double LoggedLoss) OneUpdate(Func<PlainCausalLm> model, int batchSize, int accumulation,
        Func<torch.nn.Module, Batch, long?, Tensor>? computeLossFunc = null, int maskedPrefix = 0, double labelSmoothing = 0)
    {
        using var folder = new TempFolder();
        using var lm = model();
        var capture = new GradientCapture();
        var trainer = new Trainer(lm, PlainCausalLm.Args(folder.Path, a =>
        {
            a.PerDeviceTrainBatchSize = batchSize;
            a.GradientAccumulationSteps = accumulation;
            a.LabelSmoothingFactor = labelSmoothing;
        }), PlainCausalLm.Sequences(Lengths), dataCollator: PlainCausalLm.Collator(maskedPrefix), callbacks: [capture], computeLossFunc: computeLossFunc);
        trainer.Train();
        trainer.Optimizer!.Dispose();
        Assert.That(capture.Updates, Has.Count.EqualTo(1), "one update over all eight sequences");
        return (capture.Updates[0], trainer.State.LogHistory.Single(e => e.ContainsKey("loss"))["loss"]);
    }

    [Test]
    public void OneMicroBatchOfEightAndFourOfTwoGiveTheSameGradients()
    {
        var whole = OneUpdate(() => new TinyCausalLm(), batchSize: 8, accumulation: 1);
        var split = OneUpdate(() => new TinyCausalLm(), batchSize: 2, accumulation: 4);
        var oldRule = OneUpdate(() => new PlainCausalLm(), batchSize: 2, accumulation: 4);
        var plainWhole = OneUpdate(() => new PlainCausalLm(), batchSize: 8, accumulation: 1);

        var difference = GradientCapture.MaxDifference(whole.Gradients, split.Gradients);
        var oldDifference = GradientCapture.MaxDifference(whole.Gradients, oldRule.Gradients);
        TestContext.Out.WriteLine($"max |grad| {GradientCapture.MaxMagnitude(whole.Gradients):G4}; max difference 1x8 vs 4x2: token-correct {difference:G3}, per-micro-batch mean / 4 {oldDifference:G3}");
        Assert.Multiple(() =>
        {
            Assert.That(difference, Is.LessThanOrEqualTo(1e-6), "1x8 and 4x2 give the same gradients");
            Assert.That(GradientCapture.MaxDifference(whole.Gradients, plainWhole.Gradients), Is.LessThanOrEqualTo(1e-7),
                "one micro-batch: the token-correct loss is the plain mean");
            Assert.That(oldDifference, Is.GreaterThan(1e-3), "the old rule (each micro-batch's mean / 4) gives other gradients");
            Assert.That(split.LoggedLoss, Is.EqualTo(whole.LoggedLoss).Within(1e-6), "the logged loss of the update is the mean over all its tokens");
            Assert.That(oldRule.LoggedLoss, Is.Not.EqualTo(whole.LoggedLoss).Within(1e-3), "the old rule logs the mean of the micro-batch means");
        });
    }

    [Test]
    public void AComputeLossFuncGetsTheWindowsLabelCountAndIsNotDividedByTheMicroBatches()
    {
        var counts = new List<long?>();
        // Transformers' compute_loss_func contract: sum over this batch's items / the window's count.
        Tensor Loss(torch.nn.Module model, Batch batch, long? items)
        {
            counts.Add(items);
            var lm = (PlainCausalLm)model;
            var logits = lm.Logits(batch["input_ids"]);
            var length = logits.size(1);
            var sum = torch.nn.functional.cross_entropy(logits.narrow(1, 0, length - 1).reshape(-1, PlainCausalLm.Vocab),
                batch["labels"].narrow(1, 1, length - 1).reshape(-1), reduction: torch.nn.Reduction.Sum);
            return sum.div(Scalars.Keep(items ?? throw new AssertionException("training passes the count")));
        }

        var whole = OneUpdate(() => new PlainCausalLm(), batchSize: 8, accumulation: 1, Loss);
        var split = OneUpdate(() => new PlainCausalLm(), batchSize: 2, accumulation: 4, Loss);
        Assert.Multiple(() =>
        {
            // The Trainer counts the labels other than -100 (no shift): every token of the eight sequences.
            Assert.That(counts.Distinct(), Is.EqualTo(new long?[] { Lengths.Sum() }), "each micro-batch gets the count of the whole update");
            Assert.That(counts, Has.Count.EqualTo(1 + 4));
            Assert.That(GradientCapture.MaxDifference(whole.Gradients, split.Gradients), Is.LessThanOrEqualTo(1e-6));
        });
    }

    [Test]
    public void TheCountIsTheModelsOwnWhenItTakesOne()
    {
        // A causal LM counts its targets after the shift: length - 1 per sequence (the labels other than -100 are
        // length each); with a masked two-token prompt, length - 2. The gradients agree across splits either way.
        using var model = new TinyCausalLm();
        var counter = (IAcceptsNumItemsInBatch)model;
        var all = Enumerable.Range(0, 8).ToArray();
        using var plain = PlainCausalLm.Collator().Collate(PlainCausalLm.Sequences(Lengths), all);
        using var prompted = PlainCausalLm.Collator(maskedPrefix: 2).Collate(PlainCausalLm.Sequences(Lengths), all);
        var whole = OneUpdate(() => new TinyCausalLm(), batchSize: 8, accumulation: 1, maskedPrefix: 2);
        var split = OneUpdate(() => new TinyCausalLm(), batchSize: 2, accumulation: 4, maskedPrefix: 2);
        Assert.Multiple(() =>
        {
            Assert.That(counter.CountLossItems(plain), Is.EqualTo(Lengths.Sum(n => n - 1)));
            Assert.That(LossItemCount.NotIgnored(plain["labels"]), Is.EqualTo(Lengths.Sum()));
            Assert.That(counter.CountLossItems(prompted), Is.EqualTo(Lengths.Sum(n => n - 2)));
            Assert.That(GradientCapture.MaxDifference(whole.Gradients, split.Gradients), Is.LessThanOrEqualTo(1e-6));
        });
    }
}
