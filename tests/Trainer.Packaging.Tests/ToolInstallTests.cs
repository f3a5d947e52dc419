using System.Diagnostics;

namespace Training.Packaging.Tests;

/// <summary>
/// The Trainer.Cli package installs with <c>dotnet tool install</c> from the packed folder into a tool path outside
/// the repository, and the installed <c>trainer</c> runs there: it lists the optimizers and, building an optimizer
/// and a scheduler for plot-schedule, loads the TorchSharp the package ships.
/// </summary>
[NonParallelizable]
public class ToolInstallTests
{
    private TempFolder tools = null!;

    private string Trainer => tools.File("tools", OperatingSystem.IsWindows() ? "trainer.exe" : "trainer");

    [OneTimeSetUp]
    public void Install()
    {
        tools = new TempFolder("trainer-tool-");
        var feed = PackagesUnderTest.Feed;
        var clock = Stopwatch.StartNew();
        var install = ChildProcess.Run("dotnet",
            ["tool", "install", "Trainer.Cli", "--tool-path", tools.File("tools"), "--add-source", feed.Folder, "--version", feed.Version],
            tools.Path, TimeSpan.FromMinutes(5));
        Assert.That(install.Code, Is.EqualTo(0), $"dotnet tool install failed:\n{install}");
        TestContext.Progress.WriteLine($"installed the trainer tool in {clock.Elapsed.TotalSeconds:F0} s");
    }

    [OneTimeTearDown]
    public void Uninstall() => tools?.Dispose();

    [Test]
    public void TheInstalledToolListsTheOptimizers()
    {
        var run = ChildProcess.Run(Trainer, ["optimizers"], tools.Path, TimeSpan.FromMinutes(2));
        Assert.That(run.Code, Is.EqualTo(0), run.ToString());
        // A table row whose first cell is the name (adamw_torch_fused and others share the prefix).
        Assert.That(run.Output, Does.Match(@"(?m)^\W*adamw_torch\s+\W"), run.ToString());
    }

    [Test]
    public void TheInstalledToolLoadsTheTorchSharpItShips()
    {
        File.WriteAllText(tools.File("appsettings.json"), """{ "Training": { "MaxSteps": 100, "LrSchedulerType": "cosine", "WarmupSteps": 10 } }""");
        var run = ChildProcess.Run(Trainer, ["plot-schedule", "--config", tools.File("appsettings.json"), "--out", tools.File("schedule.svg")],
            tools.Path, TimeSpan.FromMinutes(2), LoaderTrace.Environment);
        var printed = $"exit {run.Code}\n{run.Output}\n{LoaderTrace.WithoutTrace(run.Error)}";
        Assert.That(run.Code, Is.EqualTo(0), printed);
        Assert.That(run.Output, Does.Contain("with cosine: 100 updates, 10 of warm-up"), printed);

        // dotnet tool install unpacks the package under <tool path>/.store/<id>/<version>/<id>/<version>/tools/<tfm>/any.
        var app = Path.GetDirectoryName(Directory.GetFiles(tools.File("tools", ".store"), "trainer.dll", SearchOption.AllDirectories).Single())!;
        TorchSharpLoad.AssertLoadedFrom(app, run.Error);
    }
}
