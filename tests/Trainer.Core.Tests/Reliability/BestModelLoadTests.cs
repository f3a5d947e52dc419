namespace Training.Core.Tests.Reliability;

/// <summary>
/// Loading the best model at the end goes through the same checks as a resume: a damaged <c>model.safetensors</c>
/// is a <see cref="CheckpointException"/> and the model keeps its parameters.
/// </summary>
[NonParallelizable]
public class BestModelLoadTests
{
    /// <summary>Exposes the weight loading that LoadBestModelAtEnd uses.</summary>
    private sealed class BestModelTrainer(TinyRegression model, string output) : Trainer(model, TinyRegression.Args(output, a => a.MaxSteps = 10),
        TinyRegression.Data(100), null, TinyRegression.Collator)
    {
        public void LoadBest(string folder) => LoadModelWeights(folder);
    }

    [Test]
    public void WeightsWithANonFiniteValueAreRefusedAndTheModelIsUnchanged()
    {
        using var output = new TempFolder();
        var folder = CheckpointFixture.CopyTo(output.Path);
        using var scope = torch.NewDisposeScope();
        var weights = SafeTensors.Load(Path.Combine(folder, CheckpointFiles.Model));
        var name = weights.Keys.Order(StringComparer.Ordinal).First();
        weights[name].view(-1)[0] = torch.tensor(float.NaN);
        SafeTensors.Save(weights, Path.Combine(folder, CheckpointFiles.Model));
        using var model = new TinyRegression(seed: 99);
        var parameters = CheckpointFixture.Parameters(model);

        var error = Assert.Throws<CheckpointException>(() => new BestModelTrainer(model, output.Path).LoadBest(folder))!;

        Assert.That(error.Message, Does.StartWith($"{CheckpointFixture.Name}/{CheckpointFiles.Model}").And.Contain(name));
        CheckpointFixture.AssertUnchanged(parameters, model);
    }

    [Test]
    public void IntactWeightsAreLoaded()
    {
        using var output = new TempFolder();
        var folder = CheckpointFixture.CopyTo(output.Path);
        using var scope = torch.NewDisposeScope();
        var saved = SafeTensors.Load(Path.Combine(folder, CheckpointFiles.Model));
        using var model = new TinyRegression(seed: 99);
        new BestModelTrainer(model, output.Path).LoadBest(folder);
        foreach (var (name, tensor) in model.state_dict())
            Assert.That(tensor.equal(saved[name]).all().item<bool>(), Is.True, name);
    }
}
