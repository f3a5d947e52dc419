using Microsoft.Extensions.DependencyInjection;
using Training.Testing.Contract;

namespace Training.Optim.Tests.Contract;

/// <summary>The optimizer contract (Training.Testing.Contract) over every built-in registry entry.</summary>
[NonParallelizable]
public sealed class BuiltInOptimizerContractTests : OptimizerContract
{
    private static readonly IOptimizerRegistry SharedRegistry =
        new ServiceCollection().AddBuiltInOptimizers().BuildServiceProvider().GetRequiredService<IOptimizerRegistry>();

    private static readonly IReadOnlyList<ContractEntry> Covered = ContractEntries.For(BuiltInOptimizers.All.Select(d => d.Name),
        // SGD keeps a momentum buffer only with momentum (its default has none, so its state checks would check nothing);
        // as torch.optim.SGD it creates the buffer from the first gradient (buf = d), so Preinitialize has nothing to make.
        new ContractEntry("sgd") { StatefulOptimArgs = "momentum=0.9", StateFromFirstStep = new HashSet<string> { "momentum_buffer" } },
        // torch.optim.Rprop clamps every step size to step_sizes = (1e-6, 50), so lr 0 still moves by 1e-6 (plus the
        // float32 rounding of a parameter below 4 in magnitude, 2.4e-7 at most).
        new ContractEntry("rprop") { ZeroLearningRateDrift = 1e-6 + 2.4e-7 });

    /// <summary>One case per built-in entry.</summary>
    public static IEnumerable<TestCaseData> Entries() => ContractEntries.Cases(Covered);

    /// <inheritdoc/>
    protected override IOptimizerRegistry Registry => SharedRegistry;

    /// <inheritdoc/>
    protected override IReadOnlyList<ContractEntry> CoveredEntries => Covered;
}
