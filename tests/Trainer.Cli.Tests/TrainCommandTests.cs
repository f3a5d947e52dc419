using System.Text.Json;
using System.Text.Json.Serialization;

namespace Training.Cli.Tests;

/// <summary>
/// <c>trainer train --config FILE</c>: the GPT-2 fine-tuning job with a settings file, on a tiny random GPT-2 (one
/// layer of width 32, 32-token blocks, four updates) trained on the Tiny Shakespeare corpus shipped with the tool.
/// </summary>
[NonParallelizable]
public class TrainCommandTests
{
    private static readonly JsonSerializerOptions Json = new() { NumberHandling = JsonNumberHandling.AllowNamedFloatingPointLiterals };

    // Relative paths, to be resolved against the current directory; an empty Data:TrainFile means the bundled corpus.
    private static string Settings(string optimizer = "adamw_torch") => $$"""
        {
          "Training": {
            "OutputDir": "out", "LoggingDir": "out/tb", "ReportTo": ["tensorboard", "jsonl"],
            "MaxSteps": 4, "PerDeviceTrainBatchSize": 2, "PerDeviceEvalBatchSize": 8, "LearningRate": 0.001, "Optim": "{{optimizer}}",
            "LoggingSteps": 1, "EvalStrategy": "steps", "EvalSteps": 2, "SaveStrategy": "steps", "SaveSteps": 2, "SaveTotalLimit": 1, "Seed": 42
          },
          "Model": { "Layers": 1, "Heads": 2, "EmbeddingDim": 32, "Positions": 32, "SampleLength": 4 },
          "Data": { "TrainFile": "", "BlockSize": 32, "ValidationSplit": 0.002 }
        }
        """;

    [Test]
    public void TrainsSavesAModelFolderAndReportsToTensorBoardAndJsonLines()
    {
        using var folder = new TempFolder();
        // The settings file in a folder of its own, run from another: its relative paths follow the current directory.
        var config = Path.Combine(folder.Path, "config", "appsettings.json");
        Directory.CreateDirectory(Path.GetDirectoryName(config)!);
        File.WriteAllText(config, Settings());
        var run = Path.Combine(folder.Path, "run");
        Directory.CreateDirectory(run);
        var (code, output) = InFolder(run, () => CommandRun.Of("train", "--config", config));

        var outputDir = Path.Combine(run, "out");
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(Directory.Exists(Path.Combine(folder.Path, "config", "out")), Is.False, "OutputDir is relative to the current directory");
        Assert.That(new[] { "config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer_config.json", "special_tokens_map.json" }
            .Where(f => !File.Exists(Path.Combine(outputDir, f))), Is.Empty, "the model and its tokenizer in Hugging Face's layout");

        var jsonl = File.ReadAllLines(Path.Combine(outputDir, "log_history.jsonl")).Select(l => JsonSerializer.Deserialize<Dictionary<string, double>>(l, Json)!).ToList();
        using var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(outputDir, "checkpoint-4", "trainer_state.json")));
        var history = state.RootElement.GetProperty("log_history").Deserialize<List<Dictionary<string, double>>>(Json)!;
        // The checkpoint was written at the last update; the job logs three entries after it: the run's summary, the
        // final evaluation and the perplexity, exp(eval_loss).
        var after = jsonl.Skip(history.Count).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(history.Where(e => e.ContainsKey("loss")).Select(e => e["step"]), Is.EqualTo(new double[] { 1, 2, 3, 4 }));
            Assert.That(history.Where(e => e.ContainsKey("eval_accuracy")).Select(e => e["step"]), Is.EqualTo(new double[] { 2, 4 }));
            Assert.That(jsonl.Take(history.Count), Is.EqualTo(history), "the JSON Lines log is trainer_state.json's log_history");
            Assert.That(after.Select(e => e.Keys.First()), Is.EqualTo(new[] { "train_runtime", "eval_loss", "eval_perplexity" }));
            Assert.That(after.Select(e => e["step"]), Is.All.EqualTo(4));
            Assert.That(after[2]["eval_perplexity"], Is.EqualTo(Math.Exp(after[1]["eval_loss"])).Within(1e-9).Percent);
        });

        // Every logged number is a scalar at its step, tagged as Transformers' rewrite_logs names it.
        var events = EventFileReader.Read(Directory.GetFiles(Path.Combine(outputDir, "tb"), "events.out.tfevents.*").Single());
        var expected = jsonl.SelectMany(entry => entry.Where(p => p.Key != "step").Select(p => (Tag(p.Key), (long)entry["step"], (float)p.Value)));
        Assert.That(events.Where(e => e.Scalar is not null).Select(e => (e.Tag, e.Step, e.Scalar!.Value)), Is.EquivalentTo(expected));
        Assert.That(events.Where(e => e.Text is not null).Select(e => e.Text), Has.One.Contains("\"MaxSteps\": 4"), "the arguments as text");
    }

    [TestCase("config")]
    [TestCase("override")]
    public void AMisspeltOptimizerStopsBeforeAnythingLoadsWithTheClosestName(string where)
    {
        using var folder = new TempFolder();
        var config = Path.Combine(folder.Path, "appsettings.json");
        File.WriteAllText(config, Settings(where == "config" ? "adamw_troch" : "adamw_torch"));
        string[] args = where == "config" ? ["train", "--config", config] : ["train", "--config", config, "--", "--Training:Optim=adamw_troch"];
        var (code, output) = InFolder(folder.Path, () => CommandRun.Of(args));
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(2), output);
            Assert.That(output, Does.Contain("Configuration error: Training:Optim: unknown optimizer 'adamw_troch'. Did you mean 'adamw_torch'?"));
            Assert.That(Directory.Exists(Path.Combine(folder.Path, "out")), Is.False, "nothing is written before the settings are valid");
        });
    }

    [Test]
    public void AMissingSettingsFileIsNamed()
    {
        var (code, output) = CommandRun.Of("train", "--config", "/nonexistent/finetune.json");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("--config /nonexistent/finetune.json: the settings file does not exist"));
    }

    [Test]
    public void AnOverrideBeforeTheSeparatorIsRefusedWithWhereItGoes()
    {
        var (code, output) = CommandRun.Of("train", "--config", "/nonexistent/finetune.json", "--Training:MaxSteps=3");
        Assert.That(code, Is.EqualTo(2));
        Assert.That(output, Does.Contain("Unknown option 'Training'. Configuration overrides go after --"));
    }

    [Test]
    public void TheDefaultCorpusShipsNextToTheTool()
    {
        // The tool's own output folder (what its package holds), in the configuration these tests were built in.
        var configuration = new DirectoryInfo(AppContext.BaseDirectory.TrimEnd(Path.DirectorySeparatorChar)).Parent!.Name;
        var shipped = Repository.File("src", "Trainer.Cli", "bin", configuration, "net10.0", "data", "tinyshakespeare.txt");
        Assert.That(File.Exists(shipped), Is.True, shipped);
        Assert.That(File.ReadAllBytes(shipped), Is.EqualTo(File.ReadAllBytes(Repository.File("data", "tinyshakespeare.txt"))));
    }

    // Transformers' rewrite_logs: eval_x -> eval/x, anything else train/x.
    private static string Tag(string key) => key.StartsWith("eval_", StringComparison.Ordinal) ? "eval/" + key[5..] : "train/" + key;

    // The job resolves relative paths against the current directory, as a user running the tool there expects.
    private static T InFolder<T>(string folder, Func<T> action)
    {
        var previous = Environment.CurrentDirectory;
        Environment.CurrentDirectory = folder;
        try
        {
            return action();
        }
        finally
        {
            Environment.CurrentDirectory = previous;
        }
    }
}
