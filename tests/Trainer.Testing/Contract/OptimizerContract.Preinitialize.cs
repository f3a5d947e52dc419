using System.Collections;
using NUnit.Framework;
using TorchSharp;
using Training.Optim;
using static TorchSharp.torch;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>
    /// <c>Preinitialize()</c> (Cerebras: state exists before the first step, so a checkpoint at step 0 has it) gives
    /// every parameter the state the first step would create, entry by entry with the same shape and dtype (except
    /// entries the documentation says come from the first gradient), changes no parameter, writes every parameter's
    /// state into the step-0 state dict, and the steps after it are bit-identical to steps without it.
    /// </summary>
    [TestCaseSource(Cases)]
    public void PreinitializeCreatesTheFirstStepsStateAndChangesNoStep(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var early = new ContractProblem();
        using var late = new ContractProblem();
        using var preinitialized = Create(entry, early, optimArgs: entry.StatefulOptimArgs);
        using var plain = Create(entry, late, optimArgs: entry.StatefulOptimArgs);
        preinitialized.Preinitialize();
        var atStepZero = DescribeState(preinitialized);
        Assert.That(early.SameParameters(late), Is.True, "Preinitialize changes no parameter");
        Assert.That(atStepZero.Count(s => s is not null), Is.EqualTo(preinitialized.Parameters.Count()), "every parameter has state after Preinitialize");
        // The state dict's tensors belong to the optimizer: nothing to release here.
        var dict = preinitialized.StateDict();
        Assert.That(((IDictionary)dict["state"]!).Count, Is.EqualTo(preinitialized.Parameters.Count()), "a step-0 checkpoint holds every parameter's state");

        late.TrainStep(plain);
        var afterFirstStep = DescribeState(plain);
        for (var i = 0; i < atStepZero.Count; i++)
        {
            var expected = (afterFirstStep[i] ?? []).Where(e => !entry.StateFromFirstStep.Contains(e.Key)).ToDictionary();
            Assert.That(atStepZero[i], Is.EquivalentTo(expected), $"{entry.Name}: parameter {i}'s state after Preinitialize is the first step's (name: shape dtype)");
        }

        early.TrainStep(preinitialized);
        for (var step = 0; step < 2; step++)
        {
            early.TrainStep(preinitialized);
            late.TrainStep(plain);
        }

        Assert.That(early.SameParameters(late), Is.True, "steps after Preinitialize equal steps without it");
    }

    // Per parameter (optimizer order): each state entry's name and "shape dtype" (numbers: "number"); null without state.
    private static List<Dictionary<string, string>?> DescribeState(Optimizer optimizer) =>
        optimizer.Parameters.Select(p => optimizer.GetState(p)?.Entries.ToDictionary(e => e.Key, e => e.Value switch
        {
            Tensor t => $"[{string.Join(", ", t.shape)}] {t.dtype}",
            _ => "number",
        })).ToList();
}
