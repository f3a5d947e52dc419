using System.Collections;
using NUnit.Framework;
using Training.Optim;
using Training.TorchExtensions;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>
    /// A checkpoint taken after 3 steps resumes bit-identically for 3 more, from the state dict in memory and from
    /// <c>optimizer.pt</c> written and read as the Trainer's checkpoints do (<c>SaveStateDict</c>, then the torch file
    /// loaded, checked with <c>ValidateStateDict</c> and loaded). A Schedule-Free optimizer is saved in eval mode, as
    /// the Trainer saves it.
    /// </summary>
    [TestCaseSource(Cases)]
    public void StateDictRoundTripMidRunContinuesIdentically(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var original = new ContractProblem();
        using var inMemory = new ContractProblem();
        using var fromFile = new ContractProblem();
        using var optimizer = Create(entry, original, optimArgs: entry.StatefulOptimArgs);
        for (var i = 0; i < 3; i++) original.TrainStep(optimizer);

        if (optimizer is ITrainEvalOptimizer trainEval) trainEval.Eval();
        inMemory.CopyFrom(original);
        fromFile.CopyFrom(original);
        using var restored = Create(entry, inMemory, optimArgs: entry.StatefulOptimArgs);
        using var reloaded = Create(entry, fromFile, optimArgs: entry.StatefulOptimArgs);
        // The state dict's tensors belong to the optimizer: nothing to release here.
        restored.LoadStateDict(optimizer.StateDict());

        var path = Path.Combine(TestContext.CurrentContext.WorkDirectory, $"contract-{entry.Name}-{Guid.NewGuid():N}-optimizer.pt");
        try
        {
            optimizer.SaveStateDict(path);
            using var scope = TorchSharp.torch.NewDisposeScope();
            var loaded = TorchFile.Load(path) as IDictionary ?? throw new InvalidDataException($"{path} does not hold a dictionary");
            reloaded.ValidateStateDict(loaded);
            reloaded.LoadStateDict(loaded);
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
            Assert.That(inMemory.SameParameters(original), Is.True, "from the state dict in memory");
            Assert.That(fromFile.SameParameters(original), Is.True, "from optimizer.pt");
        });
    }
}
