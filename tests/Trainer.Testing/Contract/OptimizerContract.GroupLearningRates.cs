using NUnit.Framework;
using TorchSharp;
using Training.Optim;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>
    /// Each parameter group moves by its own learning rate, set as a scheduler sets it (after construction, on the
    /// optimizer's groups). One step with even-numbered groups at lr 0 and odd ones at lr: the lr-0 groups do not move
    /// (beyond the entry's documented drift), the others do. One step from the same start with the rates (lr, 2·lr):
    /// the odd groups move exactly twice as far as before (a first step is linear in lr for every entry), the even
    /// ones move too. An optimizer built from the model as one group is checked with that group; an entry with silent
    /// steps takes them first (the parameters stay put in them), then the measured step.
    /// </summary>
    [TestCaseSource(Cases)]
    public void EachGroupMovesByItsOwnLearningRate(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        var (zeroAndOne, groupCount) = GroupMoves(entry, g => g % 2);
        var (oneAndTwo, _) = GroupMoves(entry, g => 1 + g % 2);
        if (entry.OneGroupFromModel) Assert.That(groupCount, Is.EqualTo(1), "built from the model as one group");
        else Assert.That(groupCount, Is.GreaterThanOrEqualTo(2), "the optimizer keeps more than one group");
        try
        {
            for (var g = 0; g < groupCount; g++)
            {
                var moved = zeroAndOne[g].Max(MaxAbs);
                if (g % 2 == 0) Assert.That(moved, Is.LessThanOrEqualTo(entry.ZeroLearningRateDrift), $"group {g} has lr 0 and does not move");
                else Assert.That(moved, Is.GreaterThan(0), $"group {g} has lr {LearningRate} and moves");
                Assert.That(oneAndTwo[g].Max(MaxAbs), Is.GreaterThan(0), $"group {g} moves at lr {LearningRate * (1 + g % 2)}");
                if (g % 2 == 1)
                {
                    using var scope = torch.NewDisposeScope();
                    for (var i = 0; i < zeroAndOne[g].Count; i++)
                    {
                        // Twice the step, to float32 rounding of the parameters (|p| < 8: ulp 1e-6) and of the update.
                        Closeness.AssertClose(Values(oneAndTwo[g][i]), Values(zeroAndOne[g][i].mul(Scalars.Keep(2))), 1e-4, 2e-6,
                            $"{entry.Name}: group {g} parameter {i} at twice the lr moves twice as far");
                    }
                }
            }
        }
        finally
        {
            foreach (var moves in zeroAndOne.Concat(oneAndTwo)) foreach (var t in moves) t.Dispose();
        }
    }

    // One step from the same start with group g at lr·factor(g); the displacement of every parameter, by group.
    private (List<List<Tensor>> Moves, int GroupCount) GroupMoves(ContractEntry entry, Func<int, int> factor)
    {
        using var problem = new ContractProblem();
        using var optimizer = Create(entry, problem);
        using var scope = torch.NewDisposeScope();
        var groups = optimizer.ParamGroups;
        for (var g = 0; g < groups.Count; g++) groups[g].LearningRate = LearningRate * factor(g);
        ContractProblem.EnterTrainMode(optimizer);
        var before = groups.Select(group => group.Parameters.Select(p => p.detach().clone()).ToList()).ToList();
        for (var i = 0; i <= entry.SilentSteps; i++) problem.TrainStep(optimizer);
        using var noGrad = torch.no_grad();
        var moves = groups.Select((group, g) => group.Parameters
            .Select((p, i) => p.detach().to(ScalarType.Float64).sub(before[g][i].to(ScalarType.Float64)).DetachFromDisposeScope()).ToList()).ToList();
        return (moves, groups.Count);
    }

    private static double[] Values(Tensor t)
    {
        using var scope = torch.NewDisposeScope();
        return t.to(ScalarType.Float64).data<double>().ToArray();
    }
}
