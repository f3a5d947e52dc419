using System.Xml.Linq;

namespace Training.Cli.Tests;

/// <summary><c>trainer plot-schedule</c> and <c>trainer plot-run</c> write the pictures Trainer.Plots draws.</summary>
[NonParallelizable]
public class PlotCommandTests
{
    [Test]
    public void PlotScheduleDrawsTheScheduleOfASettingsFile()
    {
        var folder = Directory.CreateTempSubdirectory("trainer-cli-").FullName;
        try
        {
            var svg = Path.Combine(folder, "tinygpt-schedule.svg");
            var (code, output) = CommandRun.Of("plot-schedule", "--config", Repository.File("examples", "TinyGpt", "appsettings.json"), "--out", svg);
            Assert.Multiple(() =>
            {
                Assert.That(code, Is.EqualTo(0), output);
                // TinyGpt's settings: 600 updates of cosine with a 5% warm-up, peak learning rate 0.003.
                Assert.That(output, Does.Contain("with cosine: 600 updates, 30 of warm-up"));
                Assert.That(output, Does.Contain("learning rate 0 at update 1, 0.003 at most"));
                Assert.That(() => XDocument.Load(svg), Throws.Nothing);
                Assert.That(File.Exists(Path.ChangeExtension(svg, ".png")), Is.True, "rsvg-convert renders the PNG (build.sh installs librsvg2-bin)");
            });
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void PlotScheduleTakesTrainingOverridesAfterItsOptions()
    {
        var folder = Directory.CreateTempSubdirectory("trainer-cli-").FullName;
        try
        {
            var (code, output) = CommandRun.Of("plot-schedule", "--config", Repository.File("examples", "TinyGpt", "appsettings.json"),
                "--out", Path.Combine(folder, "s.svg"), "--steps", "100", "--", "--Training:LrSchedulerType=linear", "--Training:WarmupSteps=10");
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("with linear: 100 updates, 10 of warm-up"));
        }
        finally
        {
            Directory.Delete(folder, recursive: true);
        }
    }

    [Test]
    public void AMissingSettingsFileIsNamed()
    {
        var (code, output) = CommandRun.Of("plot-schedule", "--config", "/nonexistent/appsettings.json");
        Assert.That(code, Is.EqualTo(TrainerCommand.UsageError));
        Assert.That(output, Does.Contain("--config /nonexistent/appsettings.json: the settings file does not exist"));
    }
}
