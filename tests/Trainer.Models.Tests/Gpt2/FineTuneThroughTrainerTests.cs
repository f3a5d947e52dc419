using System.Globalization;
using System.Runtime.InteropServices;
using System.Text.Json;
using Training.Core;
using Training.TorchExtensions;

namespace Training.Models.Tests;

/// <summary>
/// Issue 13's "done when": a random GPT-2 built by our code is saved and reloaded with FromPretrained, fine-tuned for
/// 30 steps through the Trainer (AdamW, the causal-LM collator over padded sequences of varying lengths, gradient
/// accumulation, evaluation with a next-token accuracy from ComputeMetrics), saved with SaveModel, and Debian's PyTorch
/// reads the saved model.safetensors with Transformers' GPT2LMHeadModel names, shapes and our fine-tuned values.
/// </summary>
[NonParallelizable]
public class FineTuneThroughTrainerTests
{
    private const int Steps = 30;
    private const int EvalSteps = 10;

    // vocab 211 (the last id pads), 32 positions, 32 wide, 2 layers of 2 heads; Transformers' dropout of 0.1.
    private static readonly Gpt2Config Config = new()
    {
        VocabSize = 211, Positions = 32, EmbeddingDim = 32, Layers = 2, Heads = 2, BosTokenId = 210, EosTokenId = 210,
    };

    // What PreprocessLogitsForMetrics keeps of each batch: the predicted ids [B, T].
    private static Tensor Argmax(Tensor logits, Tensor labels) => logits.argmax(-1);

    // Next-token accuracy: the prediction at t against the label at t + 1, where that label is not −100.
    private static IReadOnlyDictionary<string, double> Accuracy(EvalPrediction prediction)
    {
        var length = prediction.Predictions.size(1);
        var predicted = prediction.Predictions.narrow(1, 0, length - 1);
        var labels = prediction.LabelIds.narrow(1, 1, length - 1);
        var counted = labels.ne(Scalars.Keep(-100));
        var correct = predicted.eq(labels).logical_and(counted).sum().item<long>();
        return new Dictionary<string, double> { ["accuracy"] = (double)correct / counted.sum().item<long>() };
    }

    [Test]
    public void ARandomGpt2IsSavedReloadedFineTunedMeasuredAndReadByPyTorch()
    {
        using var scope = NewDisposeScope();
        using var folder = new TemporaryFolder(Gpt2Fixtures.TemporaryFolder());
        var probe = Gpt2Fixtures.Tokens(3, 17, Config.VocabSize, seed: 95);

        // 1. Built with our code, saved, reloaded: identical logits.
        var start = Path.Combine(folder.Path, "start");
        Tensor startLogits;
        using (var built = new Gpt2ForCausalLM(Config, new Generator(91)))
        {
            built.SavePretrained(start);
            built.eval();
            startLogits = built.Logits(probe);
        }

        using var model = Gpt2ForCausalLM.FromPretrained(start);
        model.eval();
        Assert.That(model.Logits(probe).ValuesEqual(startLogits), Is.True, "FromPretrained reproduces the saved model");
        var startWeights = model.named_parameters().ToDictionary(p => p.name, p => p.parameter.detach().clone());

        // 2. Fine-tuned through the Trainer.
        var train = Gpt2TrainingData.Progressions(96, Config.VocabSize, seed: 92);
        var eval = Gpt2TrainingData.Progressions(20, Config.VocabSize, seed: 93);
        Assert.That(train.Count > 0 && Enumerable.Range(0, train.Count).Select(train.LengthOf).Distinct().Count() > 5, Is.True, "lengths vary, so batches are padded");
        var trainer = new Trainer(model, Gpt2TrainingData.Args(Path.Combine(folder.Path, "run"), a =>
        {
            a.MaxSteps = Steps;
            a.GradientAccumulationSteps = 2;
            a.LoggingSteps = 5;
            a.EvalStrategy = IntervalStrategy.Steps;
            a.EvalSteps = EvalSteps;
        }), train, eval, Gpt2TrainingData.Collator(Config), computeMetrics: Accuracy, preprocessLogitsForMetrics: Argmax);
        trainer.Train();

        var history = trainer.State.LogHistory;
        var losses = history.Where(e => e.ContainsKey("loss")).Select(e => e["loss"]).ToList();
        var evaluations = history.Where(e => e.ContainsKey("eval_loss")).ToList();
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"loss {string.Join(" ", losses.Select(l => l.ToString("F3", CultureInfo.InvariantCulture)))}; " +
            $"eval {string.Join(" ", evaluations.Select(e => $"step {e["step"]}: loss {e["eval_loss"]:F3} accuracy {e["eval_accuracy"]:F3}"))}"));
        Assert.Multiple(() =>
        {
            Assert.That(losses, Has.Count.EqualTo(Steps / 5));
            Assert.That(losses[^1], Is.LessThan(losses[0]), "the training loss falls");
            Assert.That(evaluations.Select(e => e["step"]), Is.EqualTo(new double[] { 10, 20, 30 }), "evaluated at the eval steps");
            foreach (var e in evaluations)
            {
                Assert.That(e.ContainsKey("eval_accuracy"), Is.True, $"step {e["step"]} has eval_accuracy");
                Assert.That(e.GetValueOrDefault("eval_accuracy", double.NaN), Is.InRange(0.0, 1.0));
                Assert.That(double.IsFinite(e["eval_loss"]), Is.True);
            }

            Assert.That(evaluations[^1]["eval_loss"], Is.LessThan(evaluations[0]["eval_loss"]), "the evaluation loss falls too");
        });

        // 3. The accuracy recomputed independently, in plain loops over Predict's predictions and labels.
        using (var prediction = trainer.Predict(eval))
        {
            var (rows, width) = ((int)prediction.Predictions!.size(0), (int)prediction.Predictions.size(1));
            Assert.That(prediction.LabelIds!.shape, Is.EqualTo(new long[] { rows, width }));
            var predicted = prediction.Predictions.data<long>().ToArray();
            var labels = prediction.LabelIds.data<long>().ToArray();
            long correct = 0, counted = 0;
            for (var r = 0; r < rows; r++)
                for (var t = 0; t + 1 < width; t++)
                {
                    var label = labels[r * width + t + 1];
                    if (label == -100) continue;
                    counted++;
                    if (predicted[r * width + t] == label) correct++;
                }

            var tokens = Enumerable.Range(0, eval.Count).Sum(i => eval.LengthOf(i) - 1);
            Assert.Multiple(() =>
            {
                Assert.That(rows, Is.EqualTo(eval.Count));
                Assert.That(counted, Is.EqualTo(tokens), "every next token of the evaluation set, nothing of the padding");
                Assert.That(prediction.Metrics["test_accuracy"], Is.EqualTo((double)correct / counted));
                Assert.That(evaluations[^1]["eval_accuracy"], Is.EqualTo((double)correct / counted), "the last evaluation saw this model");
                Assert.That(prediction.Metrics["test_loss"], Is.EqualTo(evaluations[^1]["eval_loss"]).Within(1e-6));
            });
            TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture, $"accuracy {correct}/{counted} = {(double)correct / counted:F4}"));
        }

        // 4. SaveModel writes a Hugging Face folder; FromPretrained gives the fine-tuned logits exactly.
        var saved = Path.Combine(folder.Path, "final");
        trainer.SaveModel(saved);
        trainer.Optimizer!.Dispose();
        Assert.That(Directory.GetFiles(saved).Select(Path.GetFileName), Is.EquivalentTo(new[] { "config.json", "model.safetensors", "training_args.json" }));
        using (var reloaded = Gpt2ForCausalLM.FromPretrained(saved))
        {
            // FromPretrained leaves the model in evaluation mode, as Transformers does; the trained one is switched here.
            model.eval();
            Assert.That(reloaded.Logits(probe).ValuesEqual(model.Logits(probe)), Is.True, "the saved model is the fine-tuned one");
        }

        Assert.That(model.named_parameters().Max(p => p.parameter.detach().sub(startWeights[p.name]).abs().max().item<float>()), Is.GreaterThan(0),
            "fine-tuning changed the weights");

        // 5. PyTorch reads the file: Transformers' names and shapes, our values bit for bit, Transformers' logits.
        var values = PyTorchDifferences(saved, Path.Combine(folder.Path, "dump"), model);
        var expected = Gpt2Reference.TransformersTensors(vocab: 211, positions: 32, embedding: 32, inner: 128, layers: 2, tied: true);
        var shapes = values.GetProperty("shapes").EnumerateObject()
            .ToDictionary(t => t.Name, t => t.Value.EnumerateArray().Select(d => d.GetInt64()).ToArray());
        var differences = values.GetProperty("max_abs_diff").EnumerateObject().ToDictionary(t => t.Name, t => t.Value.GetDouble());
        var reference = Gpt2Reference.Run(saved, Gpt2Reference.SaveInputs(folder.Path, probe));
        var referenceLogits = reference.GetProperty("logits").EnumerateArray().Select(v => v.GetDouble()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(shapes.Keys.Order(StringComparer.Ordinal), Is.EqualTo(expected.Keys), "exactly GPT2LMHeadModel's names, no lm_head.weight (tied)");
            foreach (var (name, shape) in expected) Assert.That(shapes.GetValueOrDefault(name), Is.EqualTo(shape), name);
            Assert.That(differences.Keys, Is.EquivalentTo(expected.Keys));
            foreach (var (name, difference) in differences) Assert.That(difference, Is.Zero, $"{name}: PyTorch's values are ours");
            Assert.That(values.GetProperty("metadata").GetProperty("format").GetString(), Is.EqualTo("pt"));
            Closeness.AssertClose(Gpt2Fixtures.Values(model.Logits(probe)), referenceLogits, rtol: 0, atol: 1e-4, what: "Transformers' forward of the saved file");
        });
        TestContext.Out.WriteLine(string.Create(CultureInfo.InvariantCulture,
            $"PyTorch read {shapes.Count} tensors, checksum {values.GetProperty("checksum").GetDouble():R} (ours {Checksum(model):R})"));
    }

    // Our parameters as raw little-endian float32 files (independent of the safetensors writer), compared by PyTorch with
    // the tensors it parses from model.safetensors: their shapes, the largest |difference| per tensor, and a checksum.
    private static JsonElement PyTorchDifferences(string saved, string dump, Gpt2ForCausalLM model)
    {
        Directory.CreateDirectory(dump);
        var manifest = new Dictionary<string, string>(StringComparer.Ordinal);
        var index = 0;
        foreach (var (name, parameter) in model.named_parameters())
        {
            var file = Path.Combine(dump, $"{index++}.f32");
            File.WriteAllBytes(file, MemoryMarshal.AsBytes(parameter.detach().contiguous().data<float>().ToArray().AsSpan()).ToArray());
            manifest[name] = file;
        }

        var manifestPath = Path.Combine(dump, "manifest.json");
        File.WriteAllText(manifestPath, JsonSerializer.Serialize(manifest));
        const string Compare = """

            tensors, meta, info = read_safetensors(sys.argv[1] + "/model.safetensors")
            manifest = json.load(open(sys.argv[2]))
            diffs = {}
            for name, file in manifest.items():
                ours = torch.frombuffer(bytearray(open(file, "rb").read()), dtype=torch.float32)
                diffs[name] = (tensors[name].flatten().to(torch.float64) - ours.to(torch.float64)).abs().max().item()
            checksum = sum(t.to(torch.float64).sum().item() for _, t in sorted(tensors.items()))
            print(json.dumps({"shapes": {k: v["shape"] for k, v in info.items()}, "max_abs_diff": diffs, "metadata": meta, "checksum": checksum}))
            """;
        return JsonDocument.Parse(PythonTorch.Run(Gpt2Reference.SafeTensorsReader + Compare, saved, manifestPath)).RootElement;
    }

    private static double Checksum(Gpt2ForCausalLM model) =>
        model.named_parameters().OrderBy(p => p.name, StringComparer.Ordinal).Sum(p => p.parameter.detach().to(ScalarType.Float64).sum().item<double>());
}
