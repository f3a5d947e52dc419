using System.Globalization;
using System.Text.Json;
using Training.TorchExtensions;

namespace Training.Core.Tests;

/// <summary>
/// LabelSmoothingFactor: Transformers' LabelSmoother, checked against an explicit formula and against Transformers'
/// own code run by PyTorch 1.13, with -100 ignored, the labels shifted for a causal LM, the window's item count as
/// the divisor under accumulation, and the Trainer using it on the model's logits instead of the model's loss.
/// </summary>
[NonParallelizable]
public class LabelSmoothingTests
{
    private const double Epsilon = 0.1;

    // [2, 5, 7] logits and [2, 5] labels with ignored entries, fixed values.
    private static (Tensor Logits, Tensor Labels) Example()
    {
        using var generator = new Generator(11);
        var logits = torch.randn([2, 5, 7], generator: generator).mul(Scalars.Keep(2));
        var labels = torch.tensor(new long[] { 3, -100, 0, 6, 2, 1, 4, -100, -100, 5 }, [2, 5]);
        return (logits, labels);
    }

    // The formula, in doubles: (1 - ε)·Σ nll / N + ε·Σ_items Σ_v (-log p_v) / (N·V), over the items whose label is not -100.
    private static double Expected(Tensor logits, Tensor labels, bool shift, long? divisor = null)
    {
        var (rows, length, classes) = ((int)logits.size(0), (int)logits.size(1), (int)logits.size(2));
        var values = logits.to(ScalarType.Float64).data<double>().ToArray();
        var targets = labels.data<long>().ToArray();
        double nll = 0, smooth = 0;
        long active = 0;
        for (var r = 0; r < rows; r++)
            for (var t = 0; t < (shift ? length - 1 : length); t++)
            {
                var label = targets[r * length + t + (shift ? 1 : 0)];
                if (label == -100) continue;
                var scores = values.AsSpan((r * length + t) * classes, classes).ToArray();
                var max = scores.Max();
                var logSum = max + Math.Log(scores.Sum(s => Math.Exp(s - max)));
                nll += logSum - scores[label];
                smooth += scores.Sum(s => logSum - s);
                active++;
            }

        var n = divisor ?? active;
        return (1 - Epsilon) * nll / n + Epsilon * smooth / (n * (double)classes);
    }

    [TestCase(false)]
    [TestCase(true)]
    public void TheSmoothedLossIsTheFormulaOverTheItemsNotIgnored(bool shift)
    {
        using var scope = torch.NewDisposeScope();
        var (logits, labels) = Example();
        var smoother = new LabelSmoother(Epsilon);
        var loss = smoother.Loss(logits, labels, shiftLabels: shift).item<float>();
        var expected = Expected(logits, labels, shift);
        Assert.Multiple(() =>
        {
            Assert.That(loss, Is.EqualTo(expected).Within(1e-5));
            Assert.That(loss, Is.Not.EqualTo(Expected(logits, labels, !shift)).Within(1e-3), "the shift changes which items are scored");
            Assert.That(smoother.Loss(logits, labels, shift, numItemsInBatch: 13).item<float>(), Is.EqualTo(Expected(logits, labels, shift, 13)).Within(1e-5),
                "with the window's item count: the sum over this batch's items divided by it");
        });
    }

    [Test]
    public void TheSmoothedLossIsTransformersLabelSmootherRunByPyTorch()
    {
        using var scope = torch.NewDisposeScope();
        var (logits, labels) = Example();
        // Transformers' LabelSmoother.__call__ (trainer_pt_utils.py), shift_labels=True, epsilon 0.1.
        const string Script = """
            import json, sys, torch
            from torch import nn
            logits = torch.tensor(json.loads(sys.argv[1]), dtype=torch.float32).reshape(2, 5, 7)
            labels = torch.tensor(json.loads(sys.argv[2]), dtype=torch.int64).reshape(2, 5)
            epsilon, ignore_index = 0.1, -100
            logits = logits[..., :-1, :].contiguous()
            labels = labels[..., 1:].contiguous()
            log_probs = -nn.functional.log_softmax(logits, dim=-1)
            if labels.dim() == log_probs.dim() - 1:
                labels = labels.unsqueeze(-1)
            padding_mask = labels.eq(ignore_index)
            labels = torch.clamp(labels, min=0)
            nll_loss = log_probs.gather(dim=-1, index=labels)
            smoothed_loss = log_probs.sum(dim=-1, keepdim=True, dtype=torch.float32)
            nll_loss.masked_fill_(padding_mask, 0.0)
            smoothed_loss.masked_fill_(padding_mask, 0.0)
            num_active_elements = padding_mask.numel() - padding_mask.long().sum()
            nll_loss = nll_loss.sum() / num_active_elements
            smoothed_loss = smoothed_loss.sum() / (num_active_elements * log_probs.shape[-1])
            print(repr(((1 - epsilon) * nll_loss + epsilon * smoothed_loss).item()))
            """;
        var output = PythonTorch.Run(Script, JsonSerializer.Serialize(logits.data<float>().ToArray()), JsonSerializer.Serialize(labels.data<long>().ToArray()));
        var transformers = double.Parse(output.Trim(), CultureInfo.InvariantCulture);
        Assert.That(new LabelSmoother(Epsilon).Loss(logits, labels, shiftLabels: true).item<float>(), Is.EqualTo(transformers).Within(1e-6));
    }

    [Test]
    public void TheTrainerSmoothsTheModelsShiftedLogitsInsteadOfUsingItsLoss()
    {
        using var folder = new TempFolder();
        using var model = new TinyCausalLm();
        var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a => a.LabelSmoothingFactor = Epsilon));
        using var scope = torch.NewDisposeScope();
        using var batch = PlainCausalLm.Collator().Collate(PlainCausalLm.Sequences([4, 7, 2]), [0, 1, 2]);
        var logits = model.Logits(batch["input_ids"]);
        var smoothed = trainer.ComputeLoss(model, batch).item<float>();
        var modelsOwn = model.call(batch).Loss!.item<float>();
        Assert.Multiple(() =>
        {
            Assert.That(smoothed, Is.EqualTo(Expected(logits, batch["labels"], shift: true)).Within(1e-5));
            Assert.That(smoothed, Is.Not.EqualTo(modelsOwn).Within(1e-3), "not the model's unsmoothed loss");
            Assert.That(trainer.ComputeLoss(model, batch, numItemsInBatch: 40).item<float>(),
                Is.EqualTo(Expected(logits, batch["labels"], shift: true, divisor: 40)).Within(1e-5), "token-correct: divided by the window's count");
        });
    }

    [Test]
    public void SmoothedAccumulationGivesTheSameGradientsForOneMicroBatchOfEightAndFourOfTwo()
    {
        static Dictionary<string, double[]> Gradients(int batchSize, int accumulation)
        {
            using var folder = new TempFolder();
            using var model = new TinyCausalLm();
            var capture = new GradientCapture();
            var trainer = new Trainer(model, PlainCausalLm.Args(folder.Path, a =>
            {
                a.LabelSmoothingFactor = Epsilon;
                a.PerDeviceTrainBatchSize = batchSize;
                a.GradientAccumulationSteps = accumulation;
            }), PlainCausalLm.Sequences([3, 12, 5, 2, 9, 7, 14, 4]), dataCollator: PlainCausalLm.Collator(), callbacks: [capture]);
            trainer.Train();
            trainer.Optimizer!.Dispose();
            return capture.Updates.Single();
        }

        var whole = Gradients(8, 1);
        var split = Gradients(2, 4);
        Assert.That(GradientCapture.MaxDifference(whole, split), Is.LessThanOrEqualTo(1e-6));
    }

    [Test]
    public void SmoothingAModelThatReturnsOnlyItsLossIsAClearError()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a => a.LabelSmoothingFactor = Epsilon));
        using var batch = new Batch(1, new Dictionary<string, Tensor> { ["x"] = torch.zeros(1, 4), ["y"] = torch.zeros(1), ["labels"] = torch.zeros(1) });
        var e = Assert.Throws<InvalidOperationException>(() => trainer.ComputeLoss(model, batch));
        Assert.That(e!.Message, Does.StartWith("Training:LabelSmoothingFactor = 0.1 smooths the model's logits, but TinyRegression is not a Module<Batch, ModelOutput>"));
    }

    [TestCase(1.0)]
    [TestCase(-0.1)]
    [TestCase(double.NaN)]
    public void AFactorOutsideZeroToOneIsRefusedNamingTheKey(double factor)
    {
        var problems = new TrainingArgumentsValidator().Check(new TrainingArguments { LabelSmoothingFactor = factor }).ToList();
        Assert.That(problems, Is.EqualTo(new[]
        {
            $"Training:LabelSmoothingFactor = {factor.ToString("R", CultureInfo.InvariantCulture)} is invalid: it must be in [0, 1) (0 disables label smoothing).",
        }));
    }
}
