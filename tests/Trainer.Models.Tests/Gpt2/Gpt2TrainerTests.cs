using Training.Core;

namespace Training.Models.Tests;

/// <summary>
/// GPT-2 under the Trainer: a causal language model to it (the label smoother shifts the labels, GPT-2's own token
/// count is used), and a pretrained model (every checkpoint carries config.json, so FromPretrained opens a checkpoint,
/// and resuming from one stays exact).
/// </summary>
[NonParallelizable]
public class Gpt2TrainerTests
{
    private const double Epsilon = 0.1;

    // Three progressions and one example whose first three labels are masked (a prompt).
    private static TokenizedDataset SmoothingData(Gpt2Config config)
    {
        var examples = Enumerable.Range(0, 3).Select(i => Gpt2TrainingData.Progressions(3, config.VocabSize, seed: 81)[i]).ToList();
        var ids = Gpt2TrainingData.Progressions(1, config.VocabSize, seed: 82, minLength: 9, maxLength: 9)[0].InputIds.ToArray();
        examples.Add(new TokenizedExample(ids, labels: ids.Select((id, t) => t < 3 ? -100 : id).ToArray()));
        return new TokenizedDataset(examples);
    }

    // Transformers' LabelSmoother in doubles, each example scored alone (no padding):
    // (1 − ε)·Σ nll / N + ε·Σ_items Σ_v (−log p_v) / (N·V) over the items whose label is not −100, N their number;
    // with shift, the logits at t score the label at t + 1.
    private static double Smoothed(Gpt2ForCausalLM model, TokenizedDataset data, bool shift)
    {
        using var scope = NewDisposeScope();
        double nll = 0, smooth = 0;
        long items = 0;
        var classes = model.Config.VocabSize;
        for (var e = 0; e < data.Count; e++)
        {
            var ids = data[e].InputIds.ToArray();
            var labels = (data[e].Labels ?? data[e].InputIds).ToArray();
            var logits = Gpt2Fixtures.Values(model.Logits(tensor(ids.Select(i => (long)i).ToArray(), [1, ids.Length])));
            for (var t = 0; t < (shift ? ids.Length - 1 : ids.Length); t++)
            {
                var label = labels[t + (shift ? 1 : 0)];
                if (label == -100) continue;
                var scores = logits.AsSpan(t * classes, classes).ToArray();
                var max = scores.Max();
                var logSum = max + Math.Log(scores.Sum(s => Math.Exp(s - max)));
                nll += logSum - scores[label];
                smooth += scores.Sum(s => logSum - s);
                items++;
            }
        }

        return (1 - Epsilon) * nll / items + Epsilon * smooth / (items * (double)classes);
    }

    [Test]
    public void LabelSmoothingGivesTransformersSmoothedLossOnTheShiftedLabels()
    {
        using var scope = NewDisposeScope();
        using var folder = new TemporaryFolder(Gpt2Fixtures.TemporaryFolder());
        var config = Gpt2Fixtures.Small();
        using var model = Gpt2Fixtures.Random(config, seed: 83);
        var data = SmoothingData(config);
        var (shifted, unshifted) = (Smoothed(model, data, shift: true), Smoothed(model, data, shift: false));

        var trainer = new Trainer(model, Gpt2TrainingData.Args(folder.Path, a =>
        {
            a.LabelSmoothingFactor = Epsilon;
            a.MaxSteps = 1;
            a.PerDeviceTrainBatchSize = 2;
            a.GradientAccumulationSteps = 2;
        }), data, dataCollator: Gpt2TrainingData.Collator(config));
        using var batch = Gpt2TrainingData.Collator(config).Collate(data, [0, 1, 2, 3]);
        using var unlabelled = Gpt2Fixtures.Batch(batch["input_ids"]);
        var direct = trainer.ComputeLoss(model, batch).item<float>();
        var ownLoss = model.call(batch).Loss!.item<float>();
        Assert.Multiple(() =>
        {
            Assert.That(model, Is.InstanceOf<ICausalLanguageModel>());
            Assert.That(((IAcceptsNumItemsInBatch)model).CountLossItems(unlabelled), Is.Zero, "GPT-2's own count (the interface's default needs labels)");
            Assert.That(direct, Is.EqualTo(shifted).Within(1e-5), "ComputeLoss on a padded batch of the four");
            Assert.That(direct, Is.Not.EqualTo(unshifted).Within(1e-3), "the shift matters");
            Assert.That(direct, Is.Not.EqualTo(ownLoss).Within(1e-3), "not the model's unsmoothed loss");
        });

        // One update of two micro-batches of two: each micro-batch's smoothed sum over the window's item count adds up
        // to the smoothed mean over all four examples, whichever two land together.
        trainer.Train();
        var logged = trainer.State.LogHistory.First(e => e.ContainsKey("loss"))["loss"];
        Assert.That(logged, Is.EqualTo(shifted).Within(1e-5), "the logged loss of the update");
        trainer.Optimizer!.Dispose();
    }

    [Test]
    public void CheckpointsOpenWithFromPretrainedAndResumeExactly()
    {
        using var scope = NewDisposeScope();
        using var folder = new TemporaryFolder(Gpt2Fixtures.TemporaryFolder());
        var config = Gpt2Fixtures.Small();
        var data = Gpt2TrainingData.Progressions(24, config.VocabSize, seed: 84);
        Trainer NewTrainer(Gpt2ForCausalLM model) => new(model, Gpt2TrainingData.Args(folder.Path, a =>
        {
            a.SaveStrategy = SaveStrategy.Steps;
            a.SaveSteps = 2;
        }), data, dataCollator: Gpt2TrainingData.Collator(config));

        using var model = Gpt2Fixtures.Random(config, seed: 85);
        var trainer = NewTrainer(model);
        trainer.Train();
        trainer.Optimizer!.Dispose();
        var last = Path.Combine(folder.Path, "checkpoint-4");
        Assert.That(Directory.GetFiles(last).Select(Path.GetFileName), Is.EquivalentTo(new[]
        {
            "config.json", "model.safetensors", "optimizer.pt", "scheduler.pt", "rng_state.pth", "trainer_state.json", "training_args.json",
        }));
        using (var loaded = Gpt2ForCausalLM.FromPretrained(last))
        {
            var ids = Gpt2Fixtures.Tokens(2, 11, config.VocabSize, seed: 86);
            model.eval();
            Assert.That(loaded.Logits(ids).ValuesEqual(model.Logits(ids)), Is.True, "checkpoint-4 is the trained model");
            Assert.That(loaded.Config.ToJson(), Is.EqualTo(config.ToJson()));
        }

        var files = new[] { "config.json", "model.safetensors", "optimizer.pt", "scheduler.pt" };
        var expected = files.ToDictionary(f => f, f => File.ReadAllBytes(Path.Combine(last, f)));
        Directory.Delete(last, recursive: true);
        using var other = Gpt2Fixtures.Random(config, seed: 87);
        var resumed = NewTrainer(other);
        resumed.Train(resumeFromCheckpoint: Path.Combine(folder.Path, "checkpoint-2"));
        resumed.Optimizer!.Dispose();
        Assert.Multiple(() =>
        {
            foreach (var file in files) Assert.That(File.ReadAllBytes(Path.Combine(last, file)), Is.EqualTo(expected[file]), $"resumed {file}");
        });
    }
}
