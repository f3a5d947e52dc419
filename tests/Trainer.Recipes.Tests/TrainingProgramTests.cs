using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Training.Recipes.Tests;

/// <summary>
/// <see cref="TrainingProgram"/>: the settings file, the command line and the program's own sections are checked
/// before the body runs, and each error a user can fix is one line on the given writer with its exit code.
/// </summary>
[NonParallelizable]
public class TrainingProgramTests
{
    [Test]
    public void TheBodyGetsTheSettingsFileWithTheCommandLineOverItAndItsExitCodeIsReturned()
    {
        using var folder = new TempFolder();
        var settings = Settings(folder, """{ "Training": { "MaxSteps": 5, "LearningRate": 0.01 } }""");
        var errors = new StringWriter();
        TrainingArguments? seen = null;
        var code = new TrainingProgram(errors, settings).Run([$"--Training:OutputDir={folder.File("out")}", "--Training:MaxSteps=9"], null,
            (_, _, args) => { seen = args; return 7; });
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(7));
            Assert.That(seen?.MaxSteps, Is.EqualTo(9), "the command line overrides the file");
            Assert.That(seen?.LearningRate, Is.EqualTo(0.01), "the file's value");
            Assert.That(errors.ToString(), Is.Empty);
        });
    }

    [Test]
    public void AMisspeltKeyIsOneConfigurationErrorLineWithTheClosestNameAndTheBodyDoesNotRun()
    {
        using var folder = new TempFolder();
        var (code, errors, ran) = Run(folder, """{ "Training": { "LearningRat": 0.01 } }""", _ => 0);
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(ExitCodes.ConfigurationError));
            Assert.That(errors, Is.EqualTo("Configuration error: Training:LearningRat is not a setting of Training. Did you mean 'Training:LearningRate'?" + Environment.NewLine));
            Assert.That(ran, Is.False);
        });
    }

    [Test]
    public void AMissingSettingsFileIsAConfigurationErrorNamingIt()
    {
        using var folder = new TempFolder();
        var missing = folder.File("none.json");
        var errors = new StringWriter();
        var code = new TrainingProgram(errors, missing).Run([], null, (_, _, _) => 0);
        Assert.That(code, Is.EqualTo(ExitCodes.ConfigurationError));
        Assert.That(errors.ToString(), Is.EqualTo($"Configuration error: {missing}: the settings file does not exist" + Environment.NewLine));
    }

    [Test]
    public void AProgramSectionIsCheckedAtStartUpWithItsOwnRulesAndUnknownKeys()
    {
        using var folder = new TempFolder();
        void Configure(IServiceCollection services, Microsoft.Extensions.Configuration.IConfiguration configuration) =>
            services.AddValidatedSection<Shape>(configuration, "Shape", s => s.Width > 0 ? [] : [$"Shape:Width = {s.Width} is invalid: it must be at least 1."]);

        var errors = new StringWriter();
        var code = new TrainingProgram(errors, Settings(folder, """{ "Shape": { "Width": 0 } }""")).Run(OutputDir(folder), Configure, (_, _, _) => 0);
        Assert.That(code, Is.EqualTo(ExitCodes.ConfigurationError));
        Assert.That(errors.ToString(), Is.EqualTo("Configuration error: Shape:Width = 0 is invalid: it must be at least 1." + Environment.NewLine));

        errors = new StringWriter();
        code = new TrainingProgram(errors, Settings(folder, """{ "Shape": { "Widht": 3 } }""")).Run(OutputDir(folder), Configure, (_, _, _) => 0);
        Assert.That(code, Is.EqualTo(ExitCodes.ConfigurationError));
        Assert.That(errors.ToString(), Does.StartWith("Configuration error: Shape:Widht is not a setting of Shape. Did you mean 'Shape:Width'?"));

        var width = 0;
        code = new TrainingProgram(new StringWriter(), Settings(folder, """{ "Shape": { "Width": 3 } }""")).Run(OutputDir(folder), Configure,
            (services, _, _) => { width = services.GetRequiredService<IOptions<Shape>>().Value.Width; return 0; });
        Assert.That((code, width), Is.EqualTo((0, 3)));
    }

    private static IEnumerable<TestCaseData> RunErrors()
    {
        yield return new TestCaseData(new TrainingStoppedException(12, "/runs/a/checkpoint-12", new CancellationToken(true)), ExitCodes.Stopped,
            "Stopped at step 12; resume with --Training:ResumeFromCheckpoint=/runs/a/checkpoint-12").SetName("AStopWithACheckpoint");
        yield return new TestCaseData(new TrainingStoppedException(3, null, new CancellationToken(true)), ExitCodes.Stopped,
            "Stopped at step 3; no checkpoint was written for it (Training:EnableJitCheckpoint=false)").SetName("AStopWithoutACheckpoint");
        yield return new TestCaseData(new CheckpointException("checkpoint-4/optimizer.pt", "truncated at byte 12"), ExitCodes.CheckpointError,
            "Checkpoint error: checkpoint-4/optimizer.pt: truncated at byte 12").SetName("ACheckpointThatCannotBeResumed");
        yield return new TestCaseData(new FileNotFoundException("corpus.txt does not exist"), ExitCodes.DataError,
            "Error: corpus.txt does not exist").SetName("AMissingDataFile");
    }

    [TestCaseSource(nameof(RunErrors))]
    public void AnErrorDuringTheRunIsOneLineWithItsExitCode(Exception error, int exitCode, string line)
    {
        using var folder = new TempFolder();
        var (code, errors, _) = Run(folder, "{}", _ => throw error);
        Assert.That(code, Is.EqualTo(exitCode));
        Assert.That(errors, Is.EqualTo(line + Environment.NewLine));
    }

    [Test]
    public void AnUnexpectedErrorIsNotHidden()
    {
        using var folder = new TempFolder();
        Assert.That(() => Run(folder, "{}", _ => throw new InvalidOperationException("a bug")),
            Throws.InvalidOperationException.With.Message.EqualTo("a bug"));
    }

    /// <summary>A program section with one rule.</summary>
    internal sealed class Shape
    {
        public int Width { get; set; } = 1;
    }

    private static (int Code, string Errors, bool Ran) Run(TempFolder folder, string json, Func<TrainingArguments, int> body)
    {
        var errors = new StringWriter();
        var ran = false;
        var code = new TrainingProgram(errors, Settings(folder, json)).Run(OutputDir(folder), null, (_, _, args) => { ran = true; return body(args); });
        return (code, errors.ToString(), ran);
    }

    private static string[] OutputDir(TempFolder folder) => [$"--Training:OutputDir={folder.File("out")}"];

    private static string Settings(TempFolder folder, string json)
    {
        var path = folder.File("appsettings.json");
        File.WriteAllText(path, json);
        return path;
    }
}
