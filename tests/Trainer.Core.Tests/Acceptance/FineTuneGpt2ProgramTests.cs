using System.Text.Json;

namespace Training.Core.Tests.Acceptance;

/// <summary>
/// examples/FineTuneGpt2 run as a user runs it: a small random GPT-2 fine-tuned on the bundled corpus (what a fresh
/// machine can do), then fine-tuned again from the folder the first run saved (what a user does with a downloaded
/// gpt2), on JSON Lines prompt/completion data, and the settings it refuses.
/// </summary>
[NonParallelizable]
public class FineTuneGpt2ProgramTests
{
    // A tiny run: 32-token blocks, 4 updates of 2 x 2 sequences, an evaluation every 2 updates on 1% of the corpus.
    private static readonly string[] Tiny =
    [
        "--Training:MaxSteps=4", "--Training:PerDeviceTrainBatchSize=2", "--Training:GradientAccumulationSteps=2",
        "--Training:PerDeviceEvalBatchSize=8", "--Training:EvalSteps=2", "--Training:SaveSteps=2", "--Training:LoggingSteps=1",
        "--Model:Layers=1", "--Model:EmbeddingDim=32", "--Model:Heads=2", "--Model:Positions=32", "--Model:SampleLength=8",
        "--Data:BlockSize=32", "--Data:ValidationSplit=0.01",
    ];

    [Test]
    public void ARandomGpt2IsFineTunedEvaluatedSavedAndFineTunedAgainFromTheSavedFolder()
    {
        using var folder = new TempFolder();
        var first = Path.Combine(folder.Path, "first");
        var (code, output) = Run(folder, [.. Tiny, $"--Training:OutputDir={first}"]);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("GPT-2 (random)").And.Contain("eval_accuracy").And.Contain("perplexity").And.Contain("Sample:"));
        Assert.That(new[] { "config.json", "model.safetensors", "vocab.json", "merges.txt", "tokenizer_config.json" }.Where(f => !File.Exists(Path.Combine(first, f))),
            Is.Empty, "the fine-tuned model and its tokenizer are saved in Hugging Face's layout");

        // The metrics of both evaluations are in the checkpoint's log history, next to the training losses.
        var state = JsonDocument.Parse(File.ReadAllText(Path.Combine(first, "checkpoint-4", "trainer_state.json")));
        var history = state.RootElement.GetProperty("log_history").EnumerateArray().ToList();
        var evaluations = history.Where(e => e.TryGetProperty("eval_accuracy", out _)).ToList();
        Assert.That(evaluations.Select(e => e.GetProperty("step").GetInt64()), Is.EqualTo(new long[] { 2, 4 }));
        Assert.That(evaluations.Select(e => e.GetProperty("eval_accuracy").GetDouble()), Is.All.InRange(0.0, 1.0));
        Assert.That(evaluations.Select(e => e.GetProperty("eval_loss").GetDouble()), Is.All.GreaterThan(0.0));

        var second = Path.Combine(folder.Path, "second");
        (code, output) = Run(folder, [.. Tiny, $"--Training:OutputDir={second}", $"--Model:Path={first}", "--Training:MaxSteps=2"]);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain($"GPT-2 {first}"));
        Assert.That(File.Exists(Path.Combine(second, "model.safetensors")), Is.True);
    }

    [Test]
    public void PromptCompletionJsonLinesFineTuneOnTheCompletions()
    {
        using var folder = new TempFolder();
        var data = Path.Combine(folder.Path, "pairs.jsonl");
        File.WriteAllLines(data, Enumerable.Range(0, 40).Select(i =>
            JsonSerializer.Serialize(new { prompt = $"Question {i}: what is {i} plus {i}?", completion = $" The answer is {2 * i}." })));
        var (code, output) = Run(folder, [.. Tiny, $"--Training:OutputDir={Path.Combine(folder.Path, "out")}", $"--Data:TrainFile={data}",
            "--Data:ValidationSplit=0.1"]);
        Assert.That(code, Is.EqualTo(0), output);
        Assert.That(output, Does.Contain("36 training and 4 evaluation examples"));
    }

    [TestCase("--Data:BlockSize=64", 2, "Configuration error: Data:BlockSize = 64 is invalid: the model's context (n_positions) is 32 tokens.")]
    [TestCase("--Data:BlokSize=16", 2, "Configuration error: Data:BlokSize is not a setting of Data. Did you mean 'Data:BlockSize'?")]
    [TestCase("--Data:TrainFile=missing.txt", 2, "Configuration error: Data:TrainFile = 'missing.txt' does not exist.")]
    [TestCase("--Model:Path=.", 1, "Error: ")]
    public void BadSettingsAndFilesEndTheRunWithOneLineNamingThem(string argument, int exitCode, string expected)
    {
        using var folder = new TempFolder();
        var (code, output) = Run(folder, [.. Tiny, $"--Training:OutputDir={Path.Combine(folder.Path, "out")}", argument], errorsOnly: true);
        var lines = output.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(exitCode), output);
            Assert.That(lines, Has.Length.EqualTo(1), output);
            Assert.That(lines.FirstOrDefault(), Does.StartWith(expected));
            if (argument.StartsWith("--Model:Path", StringComparison.Ordinal)) Assert.That(lines.FirstOrDefault(), Does.Contain("config.json"));
        });
    }

    private static (int Code, string Output) Run(TempFolder folder, string[] arguments, bool errorsOnly = false)
    {
        using var run = ExampleProcess.Start(arguments, folder.Path, example: "FineTuneGpt2");
        if (!run.Process.WaitForExit(TimeSpan.FromMinutes(4))) Assert.Fail("FineTuneGpt2 did not end within 4 minutes");
        run.Process.WaitForExit();
        return (run.Process.ExitCode, errorsOnly ? run.Errors.Result : run.Output.Result + run.Errors.Result);
    }
}
