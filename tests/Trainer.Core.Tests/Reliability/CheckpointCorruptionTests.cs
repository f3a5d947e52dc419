namespace Training.Core.Tests.Reliability;

/// <summary>
/// Resuming from a damaged checkpoint raises one <see cref="CheckpointException"/> naming the file and the entry, and
/// leaves the run (model parameters) and the checkpoint folder (byte for byte) exactly as they were.
/// </summary>
[NonParallelizable]
public class CheckpointCorruptionTests
{
    private static IEnumerable<CheckpointCorruption> Cases() => CheckpointCorruptions.All();

    [TestCaseSource(nameof(Cases))]
    public void ADamagedFileIsRefusedAndNothingChanges(CheckpointCorruption corruption)
    {
        using var output = new TempFolder();
        var folder = CheckpointFixture.CopyTo(output.Path);
        corruption.Damage(Path.Combine(folder, corruption.File));
        var before = CheckpointFixture.Snapshot(output.Path);
        using var scope = torch.NewDisposeScope();
        using var model = new TinyRegression(seed: 99);
        var parameters = CheckpointFixture.Parameters(model);
        var trainer = CheckpointFixture.NewTrainer(model, output.Path, null, maxSteps: 20);

        var error = Assert.Throws<CheckpointException>(() => trainer.Train(resumeFromCheckpoint: folder))!;

        Assert.That(error.Message, Does.StartWith($"{CheckpointFixture.Name}/{corruption.File}"));
        foreach (var fragment in corruption.Fragments) Assert.That(error.Message, Does.Contain(fragment));
        CheckpointFixture.AssertUnchanged(parameters, model);
        CheckpointFixture.AssertUnchanged(before, output.Path);
        foreach (var tensor in parameters.Values) tensor.Dispose();
    }

    [TestCase(CheckpointFiles.RngState)]
    [TestCase(CheckpointFiles.Scheduler)]
    [TestCase(CheckpointFiles.Optimizer)]
    public void AMissingOptionalFileIsAWarningAndTheRunResumes(string file)
    {
        using var output = new TempFolder();
        var folder = CheckpointFixture.CopyTo(output.Path);
        File.Delete(Path.Combine(folder, file));
        using var logging = new RecordingLoggerFactory();
        using var model = new TinyRegression(seed: 99);
        var trainer = CheckpointFixture.NewTrainer(model, output.Path, logging, maxSteps: 20);

        var result = trainer.Train(resumeFromCheckpoint: folder);

        Assert.That(result.GlobalStep, Is.EqualTo(20));
        Assert.That(logging.Warnings, Has.Some.Contains($"{CheckpointFixture.Name}/{file} is missing"));
    }

    [Test]
    public void AnIntactCheckpointResumesWithoutWarnings()
    {
        using var output = new TempFolder();
        var folder = CheckpointFixture.CopyTo(output.Path);
        using var logging = new RecordingLoggerFactory();
        using var model = new TinyRegression(seed: 99);
        var trainer = CheckpointFixture.NewTrainer(model, output.Path, logging, maxSteps: 10);
        var saved = SafeTensors.Load(Path.Combine(folder, CheckpointFiles.Model));

        // Planned for exactly the checkpoint's step: the load applies and no step runs, so the model holds the saved weights.
        trainer.Train(resumeFromCheckpoint: folder);

        Assert.That(logging.Warnings, Is.Empty);
        foreach (var (name, tensor) in saved) Assert.That(model.state_dict()[name].equal(tensor).all().item<bool>(), Is.True, name);
    }
}
