using NUnit.Framework;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>A negative learning rate is refused when the optimizer is built, with an error naming <c>lr</c> and the value.</summary>
    [TestCaseSource(Cases)]
    public void ANegativeLearningRateIsRefusedNamingTheKey(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var problem = new ContractProblem();
        var error = Assert.Catch<ArgumentException>(() => Create(entry, problem, learningRate: -1).Dispose());
        Assert.That(error!.Message, Does.Contain("-1"), "the message shows the value");
        Assert.That(error.ParamName == "lr" || error.Message.Contains("lr", StringComparison.Ordinal), Is.True, $"the error names lr: {error.Message}");
    }
}
