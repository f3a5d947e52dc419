using Microsoft.Extensions.DependencyInjection;

namespace Training.Core.Tests.Reliability;

/// <summary>
/// Each configuration of the sweep is refused at start-up with one <see cref="TrainerConfigurationException"/>
/// naming the key and value, before anything is written: not even the log file or <c>OutputDir</c> exist after it.
/// </summary>
public class ConfigurationSweepTests
{
    /// <summary>A section of the program's own, as the example's Model section.</summary>
    private sealed class ModelSection
    {
        public int EmbeddingDim { get; set; } = 128;

        public int Layers { get; set; } = 4;
    }

    private static IEnumerable<BadConfiguration> CommandLineCases() => BadConfigurations.CommandLine();

    private static IEnumerable<BadConfiguration> SettingsFileCases() => BadConfigurations.SettingsFiles();

    [TestCaseSource(nameof(CommandLineCases))]
    public void ACommandLineMistakeIsOneMessageBeforeAnythingRuns(BadConfiguration bad) => AssertRefused(bad);

    [TestCaseSource(nameof(SettingsFileCases))]
    public void ASettingsFileMistakeIsOneMessageBeforeAnythingRuns(BadConfiguration bad) => AssertRefused(bad);

    [Test]
    public void LrSchedulerKwargsGivenAsAJsonStringIsDecodedAsTransformersDoes()
    {
        var args = Accepted(BadConfigurations.ValidFile.Replace("\"LrSchedulerType\": \"cosine\"",
            "\"LrSchedulerType\": \"cosine_with_restarts\", \"LrSchedulerKwargs\": \"{\\\"num_cycles\\\": 3}\"", StringComparison.Ordinal));
        Assert.That(args.LrSchedulerKwargs, Is.EqualTo(new Dictionary<string, string> { ["num_cycles"] = "3" }));
    }

    [Test]
    public void ACommandLinePatternReplacesTheFilesTargetModuleList()
    {
        var args = Accepted(BadConfigurations.ValidFile, "--Training:OptimTargetModules=.*attn.*");
        Assert.That(args.OptimTargetModules, Is.EqualTo(new[] { ".*attn.*" }));
        Assert.That(args.OptimTargetModulesIsPattern, Is.True);
    }

    [Test]
    public void CommentsAndTrailingCommasAreAcceptedAsDotNetsJsonConfigurationDoes()
    {
        var args = Accepted(BadConfigurations.ValidFile.Replace("\"Seed\": 1337", "\"Seed\": 7, // the seed\n", StringComparison.Ordinal));
        Assert.That(args.Seed, Is.EqualTo(7));
    }

    private static TrainingArguments Accepted(string settingsFile, params string[] commandLine)
    {
        using var folder = new TempFolder();
        System.IO.File.WriteAllText(Path.Combine(folder.Path, TrainerConfiguration.SettingsFileName), settingsFile);
        using var provider = Services(folder.Path, [.. commandLine, $"--Training:OutputDir={Path.Combine(folder.Path, "out")}"]);
        return TrainerConfiguration.Validate(provider);
    }

    private static void AssertRefused(BadConfiguration bad)
    {
        using var folder = new TempFolder();
        var file = Path.Combine(folder.Path, "a-file");
        System.IO.File.WriteAllText(file, "not a folder");
        var output = Path.Combine(folder.Path, "out");
        var commandLine = bad.CommandLine.Select(a => a.Replace("{file}", file, StringComparison.Ordinal)).ToList();
        if (!commandLine.Any(a => a.StartsWith("--Training:OutputDir=", StringComparison.Ordinal))) commandLine.Add($"--Training:OutputDir={output}");
        if (bad.SettingsFile is not null) System.IO.File.WriteAllText(Path.Combine(folder.Path, TrainerConfiguration.SettingsFileName), bad.SettingsFile);

        var e = Assert.Throws<TrainerConfigurationException>(() =>
        {
            using var provider = Services(folder.Path, [.. commandLine]);
            TrainerConfiguration.Validate(provider);
        })!;
        Assert.That(e.Message, Does.Contain(bad.Expected.Replace("{file}", file, StringComparison.Ordinal)));
        Assert.That(e.Message.Split('\n'), Has.Length.EqualTo(1), "one problem, one line");
        Assert.That(Directory.Exists(output), Is.False, "nothing may be written for a refused configuration (not even train.log)");
        Assert.That(Directory.GetFileSystemEntries(folder.Path).Select(Path.GetFileName),
            Is.EquivalentTo(bad.SettingsFile is null ? ["a-file"] : new[] { "a-file", TrainerConfiguration.SettingsFileName }));
    }

    private static ServiceProvider Services(string folder, string[] commandLine)
    {
        var configuration = TrainerConfiguration.Build(commandLine, folder);
        var services = new ServiceCollection().AddTrainer(configuration).AddTrainerLogging(configuration);
        services.AddSettingsSection<ModelSection>(configuration, "Model");
        return services.BuildServiceProvider();
    }
}
