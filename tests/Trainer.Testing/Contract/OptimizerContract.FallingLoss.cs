using NUnit.Framework;
using Training.Optim;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>
    /// 30 steps at lr 0.01 lower the least-squares loss, measured where the Trainer evaluates (a Schedule-Free
    /// optimizer's evaluation point).
    /// </summary>
    [TestCaseSource(Cases)]
    public void ThirtyStepsLowerTheLoss(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var problem = new ContractProblem();
        using var optimizer = Create(entry, problem);
        var initial = problem.Loss();
        for (var i = 0; i < 30; i++) problem.TrainStep(optimizer);
        if (optimizer is ITrainEvalOptimizer trainEval) trainEval.Eval();
        var final = problem.Loss();
        Assert.That(final, Is.LessThan(initial), $"{entry.Name}: loss {initial:F5} before, {final:F5} after 30 steps");
    }
}
