using System.Runtime.CompilerServices;
using NUnit.Framework;
using TorchSharp;
using Training.Optim;
using Training.TorchExtensions;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>
    /// Live tensors, counted by TorchSharp (<see cref="LiveTensors"/>): while the optimizer lives, steps keep the count
    /// flat and above the count before it (every entry keeps state tensors but LOMO, which keeps none); <c>Dispose</c>
    /// releases exactly the state's tensors, and once the optimizer is unreachable the count is back at its baseline
    /// (parameter wrappers it held are finalized then), with no gradient left behind. A warm-up run first lets
    /// process-wide caches (quantization maps) exist before the baseline: they are not leaks.
    /// </summary>
    [TestCaseSource(Cases)]
    public void DisposeReleasesExactlyTheStateTensors(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var problem = new ContractProblem();
        RunAndDispose(entry, problem);
        var baseline = LiveTensors.SettledCount();
        var counts = RunAndDispose(entry, problem);
        var final = LiveTensors.SettledCount();
        Assert.Multiple(() =>
        {
            Assert.That(counts.AfterMoreSteps, Is.EqualTo(counts.Alive), "further steps leave the live-tensor count flat");
            if (entry.Stateless)
            {
                Assert.That(counts.StateTensors, Is.Zero, $"{entry.Name} keeps no state");
            }
            else
            {
                Assert.That(counts.StateTensors, Is.Positive, $"{entry.Name} keeps state tensors");
                Assert.That(counts.Alive, Is.GreaterThanOrEqualTo(baseline + counts.StateTensors), "while alive, the count stands above the baseline by at least the state");
            }

            Assert.That(counts.Alive - counts.Disposed, Is.EqualTo(counts.StateTensors), "Dispose releases exactly the state tensors");
            Assert.That(final, Is.EqualTo(baseline), "nothing outlives the optimizer");
            Assert.That(problem.Parameters.All(p => p.grad is null), Is.True, "no gradient is left behind");
        });
    }

    // Builds, steps and disposes the optimizer in its own frame, so nothing here keeps it reachable afterwards.
    [MethodImpl(MethodImplOptions.NoInlining)]
    private (long Alive, long AfterMoreSteps, long StateTensors, long Disposed) RunAndDispose(ContractEntry entry, ContractProblem problem)
    {
        var optimizer = Create(entry, problem, optimArgs: entry.StatefulOptimArgs);
        for (var i = 0; i < 3; i++) problem.TrainStep(optimizer);
        var alive = LiveTensors.SettledCount();
        for (var i = 0; i < 5; i++) problem.TrainStep(optimizer);
        var afterMoreSteps = LiveTensors.SettledCount();
        var stateTensors = StateTensorCount(optimizer);
        optimizer.Dispose();
        var disposed = LiveTensors.Count;
        GC.KeepAlive(optimizer);
        return (alive, afterMoreSteps, stateTensors, disposed);
    }
}
