namespace Training.Optim.Tests.Contract;

/// <summary>The contract every registered optimizer keeps: resumable state, closures, per-group options, validation, no leaks.</summary>
[NonParallelizable]
public class OptimizerContractTests
{
    public static IEnumerable<TestCaseData> Names() => ContractProblem.Names.Select(n => new TestCaseData(n).SetName($"Contract.{{m}}.{n}"));

    [TestCaseSource(nameof(Names))]
    public void StateDictRoundTripMidRunContinuesIdentically(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var original = new ContractProblem();
        using var optimizer = original.Create(name);
        for (var i = 0; i < 3; i++) original.TrainStep(optimizer);

        using var inMemory = original.Clone();
        using var fromFile = original.Clone();
        using var restored = inMemory.Create(name);
        using var reloaded = fromFile.Create(name);
        restored.LoadStateDict(optimizer.StateDict());
        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"contract-{name}-optimizer.pt");
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
            Assert.That(inMemory.Weight.ValuesEqual(original.Weight) && inMemory.Bias.ValuesEqual(original.Bias), Is.True, "in-memory state dict");
            Assert.That(fromFile.Weight.ValuesEqual(original.Weight) && fromFile.Bias.ValuesEqual(original.Bias), Is.True, "optimizer.pt file");
            Assert.That(restored.ParamGroups[1].LearningRate, Is.EqualTo(optimizer.ParamGroups[1].LearningRate));
        });
    }

    [TestCaseSource(nameof(Names))]
    public void ClosureRunsWithGradientsAndItsLossIsReturned(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var problem = new ContractProblem();
        using var optimizer = problem.Create(name);
        var before = problem.Weight.clone();
        var calls = 0;
        Tensor? returned;
        using (torch.no_grad())
        {
            returned = optimizer.Step(() =>
            {
                calls++;
                Assert.That(torch.is_grad_enabled(), Is.True, "the closure runs with gradients enabled");
                optimizer.ZeroGrad();
                return problem.Loss();
            });
        }

        Assert.That(calls, Is.EqualTo(1));
        Assert.That(returned, Is.Not.Null);
        Assert.That(returned!.ToSingle(), Is.GreaterThan(0));
        Assert.That(problem.Weight.ValuesEqual(before), Is.False, "the step used the closure's gradients");
    }

    [TestCaseSource(nameof(Names))]
    public void PerGroupLearningRatesApply(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var problem = new ContractProblem();
        using var optimizer = problem.Create(name, learningRate: 0.01, biasLearningRate: 0.0);
        var weight = problem.Weight.clone();
        var bias = problem.Bias.clone();
        for (var i = 0; i < 2; i++) problem.TrainStep(optimizer);
        // Rprop clamps its per-element step size to at least 1e-6, so lr 0 still moves it by that much.
        Assert.That(problem.Bias.sub(bias).abs().max().ToDouble(), Is.LessThanOrEqualTo(5e-6), "a group with lr 0 does not move");
        Assert.That(problem.Weight.ValuesEqual(weight), Is.False, "the other group does");
        Assert.That(optimizer.ParamGroups[0]["weight_decay"], Is.EqualTo(0.01));
        Assert.That(optimizer.ParamGroups[1]["weight_decay"], Is.EqualTo(0.0));
    }

    [TestCaseSource(nameof(Names))]
    public void ANegativeLearningRateIsRejectedWithItsName(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var problem = new ContractProblem();
        var e = Assert.Throws<ArgumentOutOfRangeException>(() => problem.Create(name, learningRate: -1));
        Assert.That(e!.ParamName, Is.EqualTo("lr"));
        Assert.That(e.Message, Does.Contain("-1"));
    }

    [TestCaseSource(nameof(Names))]
    public void LiveTensorCountIsFlatAcrossSteps(string name)
    {
        using var problem = new ContractProblem();
        using var optimizer = problem.Create(name);
        for (var i = 0; i < 2; i++) problem.TrainStep(optimizer);
        GC.Collect();
        GC.WaitForPendingFinalizers();
        var baseline = LiveTensors.SettledCount();
        for (var i = 0; i < 10; i++) problem.TrainStep(optimizer);
        Assert.That(Tensor.TotalCount, Is.EqualTo(baseline));
        optimizer.Dispose();
        Assert.That(Tensor.TotalCount, Is.LessThan(baseline).Or.EqualTo(baseline), "disposing releases the state");
    }

    [TestCaseSource(nameof(Names))]
    public void PreinitializeCreatesStateThatCheckpointsAtStepZero(string name)
    {
        using var scope = torch.NewDisposeScope();
        using var problem = new ContractProblem();
        using var optimizer = problem.Create(name);
        optimizer.Preinitialize();
        Assert.That(optimizer.GetState(problem.Weight), Is.Not.Null);
        Assert.That(optimizer.GetState(problem.Bias), Is.Not.Null);
        var dict = optimizer.StateDict();
        Assert.That(((System.Collections.IList)dict["param_groups"]!).Count, Is.EqualTo(2));
    }
}
