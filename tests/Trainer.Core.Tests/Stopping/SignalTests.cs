using System.Diagnostics;
using System.Text.RegularExpressions;

namespace Training.Core.Tests;

/// <summary>
/// SIGTERM / SIGINT to the TinyGpt example, as a scheduler or Ctrl+C sends them: the first stops at a checkpoint that
/// resumes byte-identically (exit code 75), a second ends the program at once (128 + signal) with every checkpoint complete.
/// </summary>
[NonParallelizable]
public partial class SignalTests
{
    private static string[] Settings(string folder, string resume) =>
    [
        $"--Training:OutputDir={folder}", "--Training:MaxSteps=24", "--Training:SaveSteps=8", "--Training:EvalStrategy=no",
        "--Training:LoggingSteps=4", "--Training:SaveTotalLimit=10", "--Model:Layers=1", $"--Training:ResumeFromCheckpoint={resume}",
    ];

    [Test]
    public void SigtermStopsAtACheckpointThatResumesByteIdentically()
    {
        using var whole = new TempFolder();
        using var stopped = new TempFolder();
        using (var uninterruptedRun = ExampleProcess.Start(Settings(whole.Path, "")))
        {
            Assert.That(uninterruptedRun.Process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "the uninterrupted run did not finish");
            Assert.That(uninterruptedRun.Process.ExitCode, Is.EqualTo(0), uninterruptedRun.Errors.Result);
        }

        string checkpoint;
        using (var run = ExampleProcess.Start(Settings(stopped.Path, "")))
        {
            // After the first checkpoint (eight logged steps), 16 updates before the end.
            WaitFor(() => Directory.Exists(Path.Combine(stopped.Path, "checkpoint-8")), run.Process);
            Assert.That(run.Process.HasExited, Is.False, "the run ended before it could be stopped");
            var clock = Stopwatch.StartNew();
            PosixSignals.Send(run.Process.Id, PosixSignals.SigTerm);
            Assert.That(run.Process.WaitForExit(TimeSpan.FromMinutes(1)), Is.True, "the run did not stop after SIGTERM");
            TestContext.Out.WriteLine($"SIGTERM to exit: {clock.ElapsedMilliseconds} ms");
            var errors = run.Errors.Result;
            Assert.That(run.Process.ExitCode, Is.EqualTo(75), errors);
            var hint = ResumeHint().Match(errors);
            Assert.That(hint.Success, Is.True, $"no resume hint in:\n{errors}");
            checkpoint = hint.Groups[1].Value.Trim();
        }

        Assert.That(Path.GetDirectoryName(checkpoint), Is.EqualTo(Path.GetFullPath(stopped.Path)));
        var step = CheckpointFiles.StepOf(checkpoint);
        Assert.That(step, Is.InRange(8, 23), "stopped after the first checkpoint, before the end");
        CrashTests.AssertLoadable(checkpoint);
        Assert.That(Directory.Exists(Path.Combine(stopped.Path, "checkpoint-24")), Is.False, "the stopped run got to the end");

        using (var resumedRun = ExampleProcess.Start(Settings(stopped.Path, checkpoint)))
        {
            Assert.That(resumedRun.Process.WaitForExit(TimeSpan.FromMinutes(3)), Is.True, "the resumed run did not finish");
            Assert.That(resumedRun.Process.ExitCode, Is.EqualTo(0), resumedRun.Errors.Result);
        }

        foreach (var file in new[] { CheckpointFiles.Model, CheckpointFiles.Optimizer, CheckpointFiles.Scheduler, CheckpointFiles.RngState })
        {
            var expected = File.ReadAllBytes(Path.Combine(whole.Path, "checkpoint-24", file));
            var actual = File.ReadAllBytes(Path.Combine(stopped.Path, "checkpoint-24", file));
            Assert.That(actual.AsSpan().SequenceEqual(expected), Is.True, $"{file} differs from the uninterrupted run's");
        }
    }

    [TestCase(PosixSignals.SigInt, 130)]
    [TestCase(PosixSignals.SigTerm, 143)]
    public void ASecondSignalEndsTheRunAtOnceAndLeavesOnlyCompleteCheckpoints(int signal, int exitCode)
    {
        using var folder = new TempFolder();
        // Long updates (16 micro-batches each), a checkpoint after every one: a stop request has a whole update to
        // finish, so the second signal comes while the first is still being honoured.
        using var run = ExampleProcess.Start(
        [
            $"--Training:OutputDir={folder.Path}", "--Training:MaxSteps=100000", "--Training:SaveSteps=1", "--Training:EvalStrategy=no",
            "--Training:LoggingSteps=1000", "--Training:SaveTotalLimit=3", "--Training:GradientAccumulationSteps=16", "--Model:Layers=1",
            "--Training:ResumeFromCheckpoint=",
        ]);
        WaitFor(() => Directory.Exists(Path.Combine(folder.Path, "checkpoint-2")), run.Process);
        Assert.That(run.Process.HasExited, Is.False, run.Process.HasExited ? run.Errors.Result : "");
        // Right after update 2 was saved: update 3 has just begun.
        PosixSignals.Send(run.Process.Id, signal);
        Thread.Sleep(50 + new Random().Next(300));
        var clock = Stopwatch.StartNew();
        PosixSignals.Send(run.Process.Id, signal);
        Assert.That(run.Process.WaitForExit(TimeSpan.FromSeconds(20)), Is.True, "the second signal did not end the run");
        TestContext.Out.WriteLine($"second signal to exit: {clock.ElapsedMilliseconds} ms");
        var errors = run.Errors.Result;
        Assert.That(run.Process.ExitCode, Is.EqualTo(exitCode), errors);
        Assert.That(errors, Does.Contain("again: stopping at once"));
        Assert.That(Directory.Exists(Path.Combine(folder.Path, "checkpoint-3")), Is.False, "the update the second signal cut short was saved");
        var checkpoints = CheckpointFiles.List(folder.Path);
        Assert.That(checkpoints, Is.Not.Empty);
        foreach (var checkpoint in checkpoints) CrashTests.AssertLoadable(checkpoint);
    }

    private static void WaitFor(Func<bool> condition, Process process)
    {
        var deadline = DateTime.UtcNow.AddMinutes(2);
        while (!condition() && DateTime.UtcNow < deadline && !process.HasExited) Thread.Sleep(20);
    }

    [GeneratedRegex(@"resume with --Training:ResumeFromCheckpoint=(.+)")]
    private static partial Regex ResumeHint();
}
