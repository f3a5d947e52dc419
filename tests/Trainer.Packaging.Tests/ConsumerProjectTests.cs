using System.Diagnostics;
using System.Runtime.InteropServices;

namespace Training.Packaging.Tests;

/// <summary>
/// The Engine issue's acceptance program (tests/Trainer.Core.Tests/Acceptance/Program.cs.txt, as written) in a fresh
/// console project outside the repository whose only reference is the Trainer.Core package: it restores our packages
/// from the packed folder and TorchSharp from the usual feed, trains, and loads TorchSharp through the compat step that
/// travels inside the Trainer.TorchExtensions package, built as it is and published for linux-x64.
/// </summary>
[NonParallelizable]
public class ConsumerProjectTests
{
    private OutsideProject project = null!;

    [OneTimeSetUp]
    public void Build()
    {
        var program = File.ReadAllText(Repository.File("tests", "Trainer.Core.Tests", "Acceptance", "Program.cs.txt"));
        var feed = PackagesUnderTest.Feed;
        project = new OutsideProject(program, [OutsideProject.PackageReference("Trainer.Core", feed.Version)], feed.Folder);
        var clock = Stopwatch.StartNew();
        var build = project.Build();
        Assert.That(build.Code, Is.EqualTo(0), $"the consumer project did not build:\n{build}");
        TestContext.Progress.WriteLine($"restored and built the consumer in {clock.Elapsed.TotalSeconds:F0} s");
    }

    [OneTimeTearDown]
    public void Delete() => project?.Dispose();

    [Test]
    public void TheAcceptanceProgramTrainsInAProjectThatOnlyReferencesThePackages()
    {
        var run = RunAcceptanceProgram(project.Output);
        TorchSharpLoad.AssertLoadedFrom(project.Output, run.Error);
    }

    [Test]
    public void TheAcceptanceProgramTrainsWhenPublishedForLinuxX64()
    {
        if (!OperatingSystem.IsLinux() || RuntimeInformation.OSArchitecture != Architecture.X64) Assert.Ignore("publishes for linux-x64, which only runs on Linux x64");
        var publish = project.Publish("linux-x64");
        Assert.That(publish.Code, Is.EqualTo(0), $"the consumer project did not publish:\n{publish}");

        // For a runtime identifier TorchSharp's native files sit beside the program, and so must the patched copy.
        var run = RunAcceptanceProgram(project.Published);
        TorchSharpLoad.AssertLoadedFrom(project.Published, project.Published, run.Error);
    }

    private ChildProcess.Result RunAcceptanceProgram(string appFolder)
    {
        using var temp = new TempFolder("trainer-consumer-tmp-");
        var clock = Stopwatch.StartNew();
        // The program writes its model under Path.GetTempPath(), which follows TMPDIR: a folder this test owns.
        var run = project.Run(new Dictionary<string, string?>(LoaderTrace.Environment) { ["TMPDIR"] = temp.Path }, appFolder);
        var printed = $"exit {run.Code}\n{run.Output}\n{LoaderTrace.WithoutTrace(run.Error)}";
        TestContext.Progress.WriteLine($"ran the acceptance program from {appFolder} in {clock.Elapsed.TotalSeconds:F0} s: {run.Output.Trim()}");
        Assert.That(run.Code, Is.EqualTo(0), $"the acceptance program failed (it exits 1 unless the loss fell tenfold and the checkpoint was written):\n{printed}");
        Assert.That(run.Output, Does.Match(@"^first \d+\.\d{4} last \d+\.\d{4} checkpoint True\s*$"), printed);
        var model = Directory.GetDirectories(temp.Path, "ts-model-*").Single();
        Assert.That(File.Exists(Path.Combine(model, "checkpoint-200", "model.safetensors")), Is.True, "the checkpoint's model.safetensors is missing");
        return run;
    }
}
