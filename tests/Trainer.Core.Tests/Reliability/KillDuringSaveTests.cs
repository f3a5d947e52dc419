using System.Diagnostics;

namespace Training.Core.Tests.Reliability;

/// <summary>
/// The example TinyGpt, saving after every update, is killed (SIGKILL) at random moments 20 times, each run resuming
/// from the last checkpoint. Every checkpoint-* folder visible afterwards is complete and passes the validating reader's
/// format checks; a save cut short is never visible. Long-running: category Reliability (<c>./build.sh reliability</c>).
/// </summary>
[NonParallelizable]
[Category("Reliability")]
public class KillDuringSaveTests
{
    private const int Kills = 20;

    private static readonly string[] Files =
    [
        CheckpointFiles.Model, CheckpointFiles.Optimizer, CheckpointFiles.Scheduler, CheckpointFiles.RngState,
        CheckpointFiles.TrainerState, CheckpointFiles.TrainingArgs,
    ];

    [Test]
    public void EveryVisibleCheckpointIsCompleteAfterKillsDuringSaves()
    {
        using var folder = new TempFolder();
        var random = new Random(11);
        var clock = Stopwatch.StartNew();
        var checkedFolders = 0;
        for (var kill = 0; kill < Kills; kill++)
        {
            using var run = ExampleProcess.Start(ExampleProcess.SavingEveryStep(folder.Path, resume: kill > 0));
            var process = run.Process;
            var deadline = DateTime.UtcNow.AddSeconds(90);
            var known = CheckpointFiles.List(folder.Path).LastOrDefault();
            // Wait for a save of this run, then kill at a random moment of the following ones (every update saves).
            while (CheckpointFiles.List(folder.Path).LastOrDefault() == known && DateTime.UtcNow < deadline && !process.HasExited) Thread.Sleep(10);
            Thread.Sleep(random.Next(400));
            Assert.That(process.HasExited, Is.False, $"kill {kill}: the run ended by itself (exit {(process.HasExited ? process.ExitCode : 0)})");
            process.Kill(entireProcessTree: true);
            process.WaitForExit();

            var checkpoints = CheckpointFiles.List(folder.Path);
            Assert.That(checkpoints, Is.Not.Empty, $"kill {kill}: no checkpoint is visible");
            foreach (var checkpoint in checkpoints)
            {
                AssertComplete(checkpoint, kill);
                checkedFolders++;
            }
        }

        TestContext.Out.WriteLine($"{Kills} kills in {clock.Elapsed.TotalSeconds:F0} s; {checkedFolders} checkpoint folders checked, all complete");
    }

    private static void AssertComplete(string checkpoint, int kill)
    {
        foreach (var file in Files) Assert.That(File.Exists(Path.Combine(checkpoint, file)), Is.True, $"kill {kill}: {checkpoint} has no {file}");
        using var scope = torch.NewDisposeScope();
        Assert.That(SafeTensors.Load(Path.Combine(checkpoint, CheckpointFiles.Model)), Is.Not.Empty);
        // TorchFile checks every zip entry's CRC-32, so a half-written optimizer.pt could not pass.
        Assert.That(TorchFile.Load(Path.Combine(checkpoint, CheckpointFiles.Optimizer)), Is.Not.Null);
        Assert.That(TorchFile.Load(Path.Combine(checkpoint, CheckpointFiles.Scheduler)), Is.Not.Null);
        Assert.That(TorchFile.Load(Path.Combine(checkpoint, CheckpointFiles.RngState)), Is.Not.Null);
        var state = TrainerState.FromJson(File.ReadAllText(Path.Combine(checkpoint, CheckpointFiles.TrainerState)), checkpoint);
        Assert.That(state.GlobalStep, Is.EqualTo(CheckpointFiles.StepOf(checkpoint)), $"kill {kill}: {checkpoint}");
    }
}
