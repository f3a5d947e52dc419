using Training.Core;

namespace Training.Cli.Tests;

/// <summary><c>trainer inspect CHECKPOINT</c> on checkpoints a real Trainer run wrote.</summary>
[NonParallelizable]
public class InspectCommandTests
{
    [Test]
    public void ACompleteCheckpointShowsItsStepMetricsOptimizerAndFiles()
    {
        using var run = TrainedRun.Create();
        var (code, output) = CommandRun.Of("inspect", run.Checkpoint);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.StartWith("checkpoint-4: complete"));
            Assert.That(output, Does.Contain("step 4 of 4, epoch "));
            Assert.That(output, Does.Contain("last training log (step 4): ").And.Contain("loss "));
            Assert.That(output, Does.Contain("last evaluation (step 4): ").And.Contain("eval_loss "));
            Assert.That(output, Does.Contain("optimizer sgd, scheduler constant, learning rate 0.05"));
            foreach (var file in Directory.GetFiles(run.Checkpoint))
                Assert.That(output, Does.Contain($"│ {Path.GetFileName(file)} ").And.Contain($"{new FileInfo(file).Length:N0}"));
        });
    }

    [Test]
    public void ACheckpointWithoutItsOptimizerStateIsIncomplete()
    {
        using var run = TrainedRun.Create();
        File.Delete(Path.Combine(run.Checkpoint, "optimizer.pt"));
        var (code, output) = CommandRun.Of("inspect", run.Checkpoint);
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("checkpoint-4: incomplete, missing optimizer.pt"));
    }

    [Test]
    public void PlotRunDrawsTheRunIntoItsFolder()
    {
        using var run = TrainedRun.Create();
        var outputDir = Path.GetDirectoryName(run.Checkpoint)!;
        var (code, output) = CommandRun.Of("plot-run", outputDir);
        var svg = Path.Combine(outputDir, "training.svg");
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.StartWith($"wrote {svg} and "));
            Assert.That(File.ReadAllText(svg), Does.Contain("<svg").And.Contain("loss"));
        });
    }

    [Test]
    public void AFolderThatDoesNotExistIsNamed()
    {
        var (code, output) = CommandRun.Of("inspect", "/nonexistent/checkpoint-7");
        Assert.That(code, Is.EqualTo(1));
        Assert.That(output, Does.StartWith("Error: '/nonexistent/checkpoint-7' is not a folder"));
    }

    /// <summary>Four SGD updates of a linear regression, evaluated and saved at step 4.</summary>
    private sealed class TrainedRun : IDisposable
    {
        private readonly string folder = Path.Combine(Path.GetTempPath(), "trainer-cli-" + Guid.NewGuid().ToString("N"));

        public string Checkpoint => Path.Combine(folder, "checkpoint-4");

        public static TrainedRun Create()
        {
            var run = new TrainedRun();
            using var model = new Regression();
            var data = new ListDataset<float>(Enumerable.Range(0, 16).Select(i => i / 16f).ToList());
            var collator = new DataCollator<float>(xs => new Batch(xs.Count, new Dictionary<string, Tensor>
            {
                ["x"] = torch.tensor(xs.ToArray(), [xs.Count, 1]),
                ["y"] = torch.tensor(xs.Select(x => 3 * x + 1).ToArray(), [xs.Count, 1]),
            }));
            var args = new TrainingArguments
            {
                OutputDir = run.folder, MaxSteps = 4, PerDeviceTrainBatchSize = 4, LearningRate = 0.05, Optim = "sgd",
                LrSchedulerType = "constant", LoggingSteps = 2, EvalStrategy = IntervalStrategy.Steps, EvalSteps = 4, SaveSteps = 4,
                DisableTqdm = true,
            };
            new Trainer(model, args, data, data, collator).Train();
            return run;
        }

        public void Dispose()
        {
            if (Directory.Exists(folder)) Directory.Delete(folder, recursive: true);
        }
    }

    private sealed class Regression : torch.nn.Module<Batch, Tensor>
    {
        private readonly TorchSharp.Modules.Linear linear = torch.nn.Linear(1, 1);

        public Regression()
            : base(nameof(Regression)) => RegisterComponents();

        public override Tensor forward(Batch batch) => torch.nn.functional.mse_loss(linear.call(batch["x"]), batch["y"]);
    }
}
