namespace Training.Integrations.Tests.Contract;

/// <summary>
/// The optimizer contract for every integration name, driven the way the Trainer drives it: a checkpoint taken mid-run
/// resumes bit-identically (in memory and through optimizer.pt), bad hyperparameters are refused with the key named,
/// no tensor outlives the optimizer, and the state really is the size the registry says.
/// </summary>
[NonParallelizable]
public class IntegrationContractTests
{
    public static IEnumerable<TestCaseData> Names() =>
        IntegrationContractProblem.Names.Select(n => new TestCaseData(n).SetName($"Contract.{{m}}.{n}"));

    [TestCaseSource(nameof(Names))]
    public void StateDictRoundTripMidRunContinuesIdentically(string name)
    {
        using var original = new IntegrationContractProblem();
        using var inMemory = new IntegrationContractProblem();
        using var fromFile = new IntegrationContractProblem();
        using var optimizer = original.Create(name);
        for (var i = 0; i < 3; i++) original.TrainStep(optimizer);

        // A checkpoint holds the evaluation point (Schedule-Free's x); the next step switches back, on both sides.
        if (optimizer is ITrainEvalOptimizer trainEval) trainEval.Eval();
        inMemory.CopyFrom(original);
        fromFile.CopyFrom(original);
        using var restored = inMemory.Create(name);
        using var reloaded = fromFile.Create(name);
        restored.LoadStateDict(optimizer.StateDict());
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"integration-contract-{name}-optimizer.pt");
        try
        {
            optimizer.SaveStateDict(path);
            reloaded.LoadStateDict(path);
        }
        finally
        {
            File.Delete(path);
        }

        for (var i = 0; i < 3; i++)
        {
            original.TrainStep(optimizer);
            inMemory.TrainStep(restored);
            fromFile.TrainStep(reloaded);
        }

        Assert.Multiple(() =>
        {
            Assert.That(inMemory.SameParameters(original), Is.True, "in-memory state dict");
            Assert.That(fromFile.SameParameters(original), Is.True, "optimizer.pt file");
        });
    }

    [TestCaseSource(nameof(Names))]
    public void ANegativeLearningRateIsRefusedNamingTheKey(string name)
    {
        using var problem = new IntegrationContractProblem();
        var error = Assert.Catch<ArgumentException>(() => problem.Create(name, learningRate: -1).Dispose());
        Assert.That(error!.Message, Does.Contain("lr").Or.Contain("learning rate").IgnoreCase);
    }

    [TestCaseSource(nameof(Names))]
    public void TrainingThenDisposingLeavesNoTensorBehind(string name)
    {
        using var problem = new IntegrationContractProblem();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = LiveTensors.SettledCount();
        var optimizer = problem.Create(name);
        var first = problem.TrainStep(optimizer);
        double last = first;
        for (var i = 0; i < 15; i++) last = problem.TrainStep(optimizer);
        optimizer.Dispose();
        GC.Collect();
        GC.WaitForPendingFinalizers();
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline), "live tensors after the optimizer was disposed");
        Assert.That(problem.Parameters.All(p => p.grad is null), Is.True, "no gradient left behind");
        Assert.That(last, Is.LessThan(first), "16 steps on least squares lower the loss");
    }

    [TestCaseSource(nameof(Names))]
    public void StateBytesPerParameterMatchTheRegistry(string name)
    {
        // A 1024x1024 target layer dominates, as a real model's matrices do; the registry's low-rank figures are for
        // this shape at the default rank 128.
        using var problem = new IntegrationContractProblem(width: 1024, hidden: 1024);
        using var optimizer = problem.Create(name, learningRate: 1e-4);
        problem.TrainStep(optimizer);
        var parameters = problem.Parameters.Sum(p => p.numel());
        var measured = (double)optimizer.StateBytes() / parameters;
        var declared = IntegrationContractProblem.Registry.Descriptors.Single(d => d.Name == name).StateBytesPerParameter;
        Assert.That(measured, Is.EqualTo(declared).Within(0.15 * declared + 0.1),
            $"{name}: {optimizer.StateBytes()} state bytes for {parameters} parameters = {measured:F3} per parameter, the registry says {declared}");
    }
}
