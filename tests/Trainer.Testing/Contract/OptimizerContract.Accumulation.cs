using NUnit.Framework;
using Training.Optim;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>The largest parameter difference allowed between an accumulated and a full-batch update.</summary>
    protected const double AccumulationTolerance = 1e-6;

    /// <summary>
    /// Two half-batches whose losses are scaled by 1/2 and whose gradients accumulate give the same two updates as the
    /// full batch (after the entry's silent steps, so the parameters have moved), within <see cref="AccumulationTolerance"/> (the gradients differ only by float32 summation order).
    /// An entry that updates inside backward cannot accumulate: the Trainer's refusal is asserted instead.
    /// </summary>
    [TestCaseSource(Cases)]
    public void AccumulatedHalfBatchesEqualTheFullBatch(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var accumulated = new ContractProblem();
        using var full = new ContractProblem();
        using var halves = Create(entry, accumulated);
        using var whole = Create(entry, full);
        if (halves is IFusedBackwardOptimizer)
        {
            AssertAccumulationRefused(entry);
            return;
        }

        for (var i = 0; i < 2 + entry.SilentSteps; i++)
        {
            accumulated.AccumulatedStep(halves, microBatches: 2);
            full.TrainStep(whole);
        }

        Assert.That(accumulated.MaxDifference(full), Is.LessThanOrEqualTo(AccumulationTolerance));
    }
}
