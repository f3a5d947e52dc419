namespace Training.Core.Tests.Reliability;

/// <summary>
/// The example program, run as a user runs it, ends a bad run with its documented exit code and one line on
/// standard error that names the setting: 2 for a configuration error (before anything is written), 1 for a failure
/// during the run (running out of memory, a best-model metric the evaluation never reports).
/// </summary>
[NonParallelizable]
public class ExampleExitTests
{
    private sealed record Outcome(int ExitCode, string[] ErrorLines, bool OutputDirExists);

    [TestCase("--Training:LearningRat=1e-3", "Configuration error: Training:LearningRat is not a setting of Training. Did you mean 'Training:LearningRate'?")]
    [TestCase("--Training:Optim=apollo_adamw --Training:OptimArgs=rnak=3",
        "Configuration error: Training:Optim = apollo_adamw with Training:OptimArgs = 'rnak=3': OptimArgs: 'rnak' is not an argument of apollo_adamw; did you mean 'rank'?")]
    [TestCase("--Model:EmbeddingDim=abc", "Configuration error: Model:EmbeddingDim = 'abc' is not an integer")]
    [TestCase("--Training:EvalStrategy=-1", "Configuration error: Training:EvalStrategy = '-1' is not one of: no, steps, epoch")]
    [TestCase("--Training:Optim=sgd --Training:OptimArgs=momentum=abc", "Configuration error: Training:Optim = sgd with Training:OptimArgs = 'momentum=abc': OptimArgs: 'momentum' = 'abc' is not a finite number")]
    public void AConfigurationErrorExitsWithTwoBeforeAnythingIsWritten(string arguments, string expected)
    {
        using var folder = new TempFolder();
        var outcome = Run(folder, arguments.Split(' '));
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.ErrorLines, Has.Length.EqualTo(1), string.Join('\n', outcome.ErrorLines));
            Assert.That(outcome.ErrorLines.FirstOrDefault(), Does.StartWith(expected));
            Assert.That(outcome.OutputDirExists, Is.False, "nothing is written before the settings are valid");
        });
    }

    [Test]
    public void AnOutputDirThatIsADeviceIsAConfigurationError()
    {
        using var folder = new TempFolder();
        var outcome = Run(folder, [], outputDir: "/dev/null");
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(2));
            Assert.That(outcome.ErrorLines, Has.Length.EqualTo(1), string.Join('\n', outcome.ErrorLines));
            Assert.That(outcome.ErrorLines.FirstOrDefault(), Does.StartWith("Configuration error: Training:OutputDir: '/dev/null'"));
        });
    }

    [Test]
    public void RunningOutOfMemoryNamesTheBatchSizeToLower()
    {
        // 1,000,000 sequences of 64 tokens at width 1024: the first activation alone is 262 GB. The program runs under a
        // 16 GiB address-space cap, so libtorch's allocator refuses it on any host (see ExampleProcess.Start).
        using var folder = new TempFolder();
        var outcome = Run(folder, ["--Training:PerDeviceTrainBatchSize=1000000", "--Model:EmbeddingDim=1024", "--Model:Layers=1"],
            addressSpaceLimitBytes: 16L << 30);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.ErrorLines, Has.Length.EqualTo(1), string.Join('\n', outcome.ErrorLines));
            Assert.That(outcome.ErrorLines.FirstOrDefault(),
                Does.StartWith("Error: out of memory in training step 1 with Training:PerDeviceTrainBatchSize = 1000000: ")
                    .And.EndsWith("Lower Training:PerDeviceTrainBatchSize (raise Training:GradientAccumulationSteps to keep the effective batch)."));
        });
    }

    [Test]
    public void ABestModelMetricTheEvaluationNeverReportsEndsTheRunAtTheFirstEvaluation()
    {
        using var folder = new TempFolder();
        var outcome = Run(folder, ["--Training:MetricForBestModel=accuracy", "--Training:MaxSteps=4", "--Training:EvalStrategy=steps",
            "--Training:EvalSteps=2", "--Training:SaveSteps=2", "--Model:Layers=1"]);
        Assert.Multiple(() =>
        {
            Assert.That(outcome.ExitCode, Is.EqualTo(1));
            Assert.That(outcome.ErrorLines, Has.Length.EqualTo(1), string.Join('\n', outcome.ErrorLines));
            Assert.That(outcome.ErrorLines.FirstOrDefault(), Does.StartWith(
                "Error: Training:MetricForBestModel = 'accuracy' names 'eval_accuracy', which the evaluation did not report (it reported: eval_loss,"));
            Assert.That(Directory.Exists(Path.Combine(folder.Path, "out", "checkpoint-2")), Is.False, "the run stopped before saving step 2");
        });
    }

    private static Outcome Run(TempFolder folder, IEnumerable<string> arguments, string? outputDir = null, long? addressSpaceLimitBytes = null)
    {
        var output = outputDir ?? Path.Combine(folder.Path, "out");
        using var run = ExampleProcess.Start([$"--Training:OutputDir={output}", .. arguments], folder.Path, addressSpaceLimitBytes);
        if (!run.Process.WaitForExit(TimeSpan.FromMinutes(3))) Assert.Fail("TinyGpt did not end within 3 minutes");
        run.Process.WaitForExit();
        var lines = run.Errors.Result.Split('\n', StringSplitOptions.RemoveEmptyEntries);
        return new Outcome(run.Process.ExitCode, lines, outputDir is null && Directory.Exists(output));
    }
}
