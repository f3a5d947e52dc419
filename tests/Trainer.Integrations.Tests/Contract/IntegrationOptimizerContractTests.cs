using Microsoft.Extensions.DependencyInjection;
using Training.Core;
using Training.Testing.Contract;

namespace Training.Integrations.Tests.Contract;

/// <summary>
/// The optimizer contract (Training.Testing.Contract) over every integration registry entry; the refusal of gradient
/// accumulation by optimizers that update inside backward is checked on the Trainer itself.
/// </summary>
[NonParallelizable]
public sealed class IntegrationOptimizerContractTests : OptimizerContract
{
    private static readonly IOptimizerRegistry SharedRegistry =
        new ServiceCollection().AddIntegrationOptimizers().BuildServiceProvider().GetRequiredService<IOptimizerRegistry>();

    // GaLore's projection basis is the SVD of the first gradient; its state bytes are quoted for 1024x1024 at rank 128.
    private static readonly HashSet<string> GaLoreBasis = new(StringComparer.Ordinal) { "ortho_matrix" };

    // APOLLO draws its projection (and the seed of the next) at the first step and keeps the first scaled gradient's norm.
    private static readonly HashSet<string> ApolloProjection = new(StringComparer.Ordinal) { "ortho_matrix", "projector_next_seed", "scaled_grad_norm" };

    private static ContractEntry GaLore(string name) => new(name) { StateFromFirstStep = GaLoreBasis, StateBytesOptimArgs = "rank=64" };

    private static ContractEntry Apollo(string name) => new(name) { StateFromFirstStep = ApolloProjection, StateBytesOptimArgs = "rank=64" };

    private static readonly IReadOnlyList<ContractEntry> Covered = ContractEntries.For(IntegrationOptimizers.All.Select(d => d.Name),
        GaLore("galore_adamw"), GaLore("galore_adamw_8bit"), GaLore("galore_adafactor"),
        GaLore("galore_adamw_layerwise"), GaLore("galore_adamw_8bit_layerwise"), GaLore("galore_adafactor_layerwise"),
        // APOLLO's figure is quoted for 1024x1024 at rank 128 as well.
        Apollo("apollo_adamw"), Apollo("apollo_adamw_layerwise"),
        // schedulefree's silent_sgd_phase (default True): while ρt <= 4 (the first 4 steps at β2 = 0.999) lr is 0.
        new ContractEntry("schedule_free_radam") { SilentSteps = 4 },
        // LOMO and AdaLomo are built from the model as one group and take the learning rate in FusedBackward; LOMO is SGD
        // without any state.
        new ContractEntry("lomo") { OneGroupFromModel = true, Stateless = true },
        new ContractEntry("adalomo") { OneGroupFromModel = true },
        // FlashSGD / FlashSGDW keep a momentum buffer only with momentum (their default has none).
        new ContractEntry("flash_sgd") { StatefulOptimArgs = "momentum=0.9" },
        new ContractEntry("flash_sgdw") { StatefulOptimArgs = "momentum=0.9" });

    /// <summary>One case per integration entry.</summary>
    public static IEnumerable<TestCaseData> Entries() => ContractEntries.Cases(Covered);

    /// <inheritdoc/>
    protected override IOptimizerRegistry Registry => SharedRegistry;

    /// <inheritdoc/>
    protected override IReadOnlyList<ContractEntry> CoveredEntries => Covered;

    /// <summary>The Trainer refuses the entry with GradientAccumulationSteps = 2, naming the setting, and keeps no optimizer.</summary>
    protected override void AssertAccumulationRefused(ContractEntry entry)
    {
        ArgumentNullException.ThrowIfNull(entry);
        using var model = new ContractModel(seed: 1);
        var args = new TrainingArguments
        {
            OutputDir = Path.GetTempPath(), Optim = entry.Name, GradientAccumulationSteps = 2, SaveStrategy = SaveStrategy.No, OptimTargetModules = ["proj"],
        };
        var trainer = new Trainer(model, args, services: IntegrationServices.Provider);
        var error = Assert.Throws<InvalidOperationException>(() => trainer.CreateOptimizer());
        Assert.That(error!.Message, Does.Contain("updates the parameters inside backward").And.Contain("GradientAccumulationSteps to 1 (it is 2)"));
        Assert.That(trainer.Optimizer, Is.Null, "the refused optimizer was disposed, not kept");
    }
}
