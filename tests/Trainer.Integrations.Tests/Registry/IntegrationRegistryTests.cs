using Microsoft.Extensions.DependencyInjection;
using Training.Core;

namespace Training.Integrations.Tests.Registry;

/// <summary>The integration names: registered by one call and by AddTrainer, unique, and documented in the README.</summary>
public class IntegrationRegistryTests
{
    private static readonly string[] TransformersNames =
    [
        "galore_adamw", "galore_adamw_8bit", "galore_adafactor", "galore_adamw_layerwise", "galore_adamw_8bit_layerwise",
        "galore_adafactor_layerwise", "apollo_adamw", "apollo_adamw_layerwise", "lomo", "adalomo", "schedule_free_adamw",
        "schedule_free_radam", "schedule_free_sgd", "stable_adamw", "grokadamw", "flash_adamw", "flash_adam", "flash_sgd",
        "flash_sgdw", "flash_lion", "adamw_8bit", "adamw_bnb_8bit", "paged_adamw_8bit", "paged_adamw_32bit", "lion_8bit",
        "lion_32bit", "paged_lion_8bit", "paged_lion_32bit",
    ];

    [Test]
    public void EveryTransformersIntegrationNameIsRegisteredExactlyOnce()
    {
        var names = IntegrationOptimizers.All.Select(d => d.Name).ToList();
        Assert.That(names, Is.Unique);
        Assert.That(names, Is.EquivalentTo(TransformersNames));
    }

    [Test]
    public void AddTrainerRegistersThemAlongsideTheBuiltIns()
    {
        var configuration = new Microsoft.Extensions.Configuration.ConfigurationBuilder().Build();
        using var provider = new ServiceCollection().AddTrainer(configuration).BuildServiceProvider();
        var registry = provider.GetRequiredService<IOptimizerRegistry>();
        var registered = registry.Descriptors.Select(d => d.Name).ToList();
        Assert.That(registered, Is.SupersetOf(TransformersNames));
        Assert.That(registered, Does.Contain("adamw_torch"));
    }

    [Test]
    public void EveryIntegrationIsInTheReadmeTable()
    {
        var readme = File.ReadAllText(Repository.File("README.md"));
        var missing = IntegrationOptimizers.All.Select(d => d.Name).Where(n => !readme.Contains($"| `{n}` |", StringComparison.Ordinal)).ToList();
        Assert.That(missing, Is.Empty, "integration optimizers missing from the README table");
    }

    [Test]
    public void AnUnknownNameSuggestsTheClosestIntegration()
    {
        var registry = new ServiceCollection().AddIntegrationOptimizers().BuildServiceProvider().GetRequiredService<IOptimizerRegistry>();
        var error = Assert.Catch(() => registry.Create("galore_adamw8bit", OptimizerRequest.For([], 1e-3)));
        Assert.That(error!.Message, Does.Contain("galore_adamw_8bit"));
    }
}
