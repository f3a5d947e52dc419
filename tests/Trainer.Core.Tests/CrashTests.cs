using Training.TorchExtensions;

namespace Training.Core.Tests;

/// <summary>A process killed while it writes checkpoints never leaves a broken checkpoint-* folder behind.</summary>
[NonParallelizable]
public class CrashTests
{
    [Test]
    public void KillingTheProcessDuringSavesLeavesEveryCheckpointLoadable()
    {
        using var folder = new TempFolder();
        var random = new Random(3);
        for (var attempt = 0; attempt < 3; attempt++)
        {
            using var run = ExampleProcess.Start(ExampleProcess.SavingEveryStep(folder.Path, resume: attempt > 0));
            var process = run.Process;
            // Let it write a few checkpoints, then kill it at an arbitrary moment (most likely inside a save).
            var deadline = DateTime.UtcNow.AddSeconds(60);
            while (CheckpointFiles.List(folder.Path).Count == 0 && DateTime.UtcNow < deadline && !process.HasExited) Thread.Sleep(50);
            Thread.Sleep(300 + random.Next(700));
            process.Kill(entireProcessTree: true);
            process.WaitForExit();

            var checkpoints = CheckpointFiles.List(folder.Path);
            Assert.That(checkpoints, Is.Not.Empty, $"attempt {attempt}: no checkpoint was written");
            foreach (var checkpoint in checkpoints) AssertLoadable(checkpoint);
        }
    }

    [Test]
    public void ARunKilledAfterACheckpointAndResumedEndsByteIdenticalToAnUninterruptedRun()
    {
        using var whole = new TempFolder();
        using var killed = new TempFolder();
        string[] Settings(string folder, string resume) =>
        [
            $"--Training:OutputDir={folder}", "--Training:MaxSteps=40", "--Training:SaveSteps=8", "--Training:EvalStrategy=no",
            "--Training:LoggingSteps=4", "--Training:SaveTotalLimit=10", "--Model:Layers=1", $"--Training:ResumeFromCheckpoint={resume}",
        ];

        using (var uninterruptedRun = ExampleProcess.Start(Settings(whole.Path, "")))
        {
            var uninterrupted = uninterruptedRun.Process;
            Assert.That(uninterrupted.WaitForExit(TimeSpan.FromMinutes(5)), Is.True, "the uninterrupted run did not finish");
            Assert.That(uninterrupted.ExitCode, Is.EqualTo(0), "the uninterrupted run failed");
        }

        using (var victimRun = ExampleProcess.Start(Settings(killed.Path, "")))
        {
            var victim = victimRun.Process;
            // kill -9 as soon as the second checkpoint exists, 24 updates before the run would end (margin for a fast machine).
            var deadline = DateTime.UtcNow.AddMinutes(5);
            while (!Directory.Exists(Path.Combine(killed.Path, "checkpoint-16")) && DateTime.UtcNow < deadline && !victim.HasExited) Thread.Sleep(20);
            Assert.That(victim.HasExited, Is.False, "the run ended before it could be killed");
            victim.Kill(entireProcessTree: true);
            victim.WaitForExit();
        }

        Assert.That(Directory.Exists(Path.Combine(killed.Path, "checkpoint-40")), Is.False, "the killed run got to the end");
        using (var resumedRun = ExampleProcess.Start(Settings(killed.Path, "last")))
        {
            var resumed = resumedRun.Process;
            Assert.That(resumed.WaitForExit(TimeSpan.FromMinutes(5)), Is.True, "the resumed run did not finish");
            Assert.That(resumed.ExitCode, Is.EqualTo(0), "the resumed run failed");
        }

        foreach (var file in new[] { CheckpointFiles.Model, CheckpointFiles.Optimizer, CheckpointFiles.Scheduler, CheckpointFiles.RngState })
        {
            var expected = File.ReadAllBytes(Path.Combine(whole.Path, "checkpoint-40", file));
            var actual = File.ReadAllBytes(Path.Combine(killed.Path, "checkpoint-40", file));
            Assert.That(actual.AsSpan().SequenceEqual(expected), Is.True, $"{file} differs from the uninterrupted run's");
        }
    }

    internal static void AssertLoadable(string checkpoint)
    {
        using var scope = torch.NewDisposeScope();
        Assert.That(SafeTensors.Load(Path.Combine(checkpoint, CheckpointFiles.Model)), Is.Not.Empty, checkpoint);
        Assert.That(TorchFile.Load(Path.Combine(checkpoint, CheckpointFiles.Optimizer)), Is.Not.Null, checkpoint);
        Assert.That(TorchFile.Load(Path.Combine(checkpoint, CheckpointFiles.Scheduler)), Is.Not.Null, checkpoint);
        var state = TrainerState.FromJson(File.ReadAllText(Path.Combine(checkpoint, CheckpointFiles.TrainerState)), checkpoint);
        Assert.That(CheckpointFiles.StepOf(checkpoint), Is.EqualTo(state.GlobalStep), checkpoint);
    }
}
