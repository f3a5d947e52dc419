using System.Diagnostics;

namespace Training.Packaging.Tests;

/// <summary>
/// The Engine issue's acceptance program (tests/Trainer.Core.Tests/Acceptance/Program.cs.txt, as written) in a fresh
/// console project outside the repository whose only reference is the Trainer.Core package: it restores our packages
/// from the packed folder and TorchSharp from the usual feed, trains, and loads TorchSharp through the compat step that
/// travels inside the Trainer.TorchExtensions package.
/// </summary>
[NonParallelizable]
public class ConsumerProjectTests
{
    [Test]
    public void TheAcceptanceProgramTrainsInAProjectThatOnlyReferencesThePackages()
    {
        var program = File.ReadAllText(Repository.File("tests", "Trainer.Core.Tests", "Acceptance", "Program.cs.txt"));
        var feed = PackagesUnderTest.Feed;
        using var project = new OutsideProject(program, [OutsideProject.PackageReference("Trainer.Core", feed.Version)], feed.Folder);
        using var temp = new ScratchFolder("trainer-consumer-tmp-");

        var clock = Stopwatch.StartNew();
        var build = project.Build();
        Assert.That(build.Code, Is.EqualTo(0), $"the consumer project did not build:\n{build}");
        TestContext.Progress.WriteLine($"restored and built the consumer in {clock.Elapsed.TotalSeconds:F0} s");

        clock.Restart();
        // The program writes its model under Path.GetTempPath(), which follows TMPDIR: a folder this test owns.
        var run = project.Run(new Dictionary<string, string?>(LoaderTrace.Environment) { ["TMPDIR"] = temp.Path });
        var printed = $"exit {run.Code}\n{run.Output}\n{LoaderTrace.WithoutTrace(run.Error)}";
        TestContext.Progress.WriteLine($"ran the acceptance program in {clock.Elapsed.TotalSeconds:F0} s: {run.Output.Trim()}");
        Assert.That(run.Code, Is.EqualTo(0), $"the acceptance program failed (it exits 1 unless the loss fell tenfold and the checkpoint was written):\n{printed}");
        Assert.That(run.Output, Does.Match(@"^first \d+\.\d{4} last \d+\.\d{4} checkpoint True\s*$"), printed);
        var checkpoint = Directory.GetDirectories(temp.Path, "ts-model-*").Single();
        Assert.That(File.Exists(Path.Combine(checkpoint, "checkpoint-200", "model.safetensors")), Is.True, "the checkpoint's model.safetensors is missing");

        TorchSharpLoad.AssertLoadedFrom(project.Output, run.Error);
    }
}
