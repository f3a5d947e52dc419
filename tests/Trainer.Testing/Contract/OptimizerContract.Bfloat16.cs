using NUnit.Framework;
using TorchSharp;
using Training.Optim;
using Training.TorchExtensions;
using static TorchSharp.torch;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>
    /// bfloat16 parameters stay bfloat16 through 3 steps (after the entry's silent steps), move and stay finite, and the loss does not rise; an entry
    /// documented as refusing bfloat16 refuses it with its documented error (when built or at its first step).
    /// </summary>
    [TestCaseSource(Cases)]
    public void BfloatParametersStayBfloat(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var problem = new ContractProblem(dtype: ScalarType.BFloat16);
        if (entry.Bfloat16Refusal is string refusal)
        {
            var error = Assert.Catch(() =>
            {
                using var refused = Create(entry, problem);
                problem.TrainStep(refused);
            });
            Assert.That(error!.Message, Does.Contain(refusal), $"{entry.Name} refuses bfloat16 with a clear error");
            return;
        }

        using var optimizer = Create(entry, problem);
        var before = problem.Snapshot();
        try
        {
            var initial = problem.Loss();
            for (var i = 0; i < 3 + entry.SilentSteps; i++) problem.TrainStep(optimizer);
            if (optimizer is ITrainEvalOptimizer trainEval) trainEval.Eval();
            using var scope = torch.NewDisposeScope();
            Assert.Multiple(() =>
            {
                Assert.That(problem.Parameters.Select(p => p.dtype), Is.All.EqualTo(ScalarType.BFloat16), "every parameter is still bfloat16");
                Assert.That(problem.Parameters.All(p => p.isfinite().all().ReadBoolean()), Is.True, "every parameter is finite");
                Assert.That(problem.Parameters.Zip(before).Any(p => !p.First.ValuesEqual(p.Second)), Is.True, "the steps moved the parameters");
                Assert.That(problem.Loss(), Is.LessThanOrEqualTo(initial), "the loss did not rise");
            });
        }
        finally
        {
            foreach (var t in before) t.Dispose();
        }
    }
}
