using NUnit.Framework;

namespace Training.Testing.Contract;

public abstract partial class OptimizerContract
{
    /// <summary>The width and hidden size of the state-bytes check's model: its <c>proj.weight</c> is 512×512.</summary>
    protected const long StateBytesSize = 512;

    /// <summary>
    /// The tolerance of the state-bytes check beyond 0.1% (which covers a 4-byte step tensor, 1.5e-5 per element here):
    /// descriptors quote shape-dependent figures for a 1024×1024 weight, and a factored second moment (a row and a
    /// column vector, 4(m+n) bytes for m×n) holds 8/512 bytes per element of the 512×512 test weight against 8/1024 at
    /// that shape, the difference allowed here.
    /// </summary>
    protected const double FactoredStateSlack = 8.0 / 512 - 8.0 / 1024;

    /// <summary>
    /// The state bytes per element of a float32 512×512 weight after one step equal the descriptor's
    /// <c>StateBytesPerParameter</c> within 0.1% + <see cref="FactoredStateSlack"/> (the descriptor's figure is for its
    /// default arguments; low-rank entries run at the same rank / size ratio as their quoted shape).
    /// </summary>
    [TestCaseSource(Cases)]
    public void StateBytesPerParameterMatchTheDescriptor(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var problem = new ContractProblem(width: StateBytesSize, hidden: StateBytesSize);
        using var optimizer = Create(entry, problem, learningRate: 1e-4, optimArgs: entry.StateBytesOptimArgs);
        problem.TrainStep(optimizer);
        var weight = problem.Model.ProjWeight;
        var bytes = StateOf(optimizer, weight)?.TensorBytes() ?? 0;
        var measured = (double)bytes / weight.numel();
        var declared = Registry.Get(entry.Name).StateBytesPerParameter;
        Assert.That(measured, Is.EqualTo(declared).Within(0.001 * declared + FactoredStateSlack),
            $"{entry.Name}: {bytes} state bytes for the {weight.numel()} elements of a 512x512 weight = {measured:F4} per element; the descriptor says {declared}");
    }
}
