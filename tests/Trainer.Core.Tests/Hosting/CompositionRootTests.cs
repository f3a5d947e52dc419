using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace Training.Core.Tests.Hosting;

/// <summary>
/// The layers: Core knows neither the integrations nor Serilog nor Spectre.Console; the composition root
/// (Trainer.Hosting) adds them, and leaves the host's own logging in place.
/// </summary>
public class CompositionRootTests
{
    [Test]
    public void CoreReferencesNoIntegrationsNoSerilogAndNoSpectre()
    {
        var references = typeof(Trainer).Assembly.GetReferencedAssemblies().Select(a => a.Name!).ToList();
        Assert.That(references, Has.None.StartsWith("Serilog").And.None.StartsWith("Spectre").And.None.EqualTo("Trainer.Integrations").And.None.EqualTo("Trainer.Hosting"),
            string.Join(", ", references));
    }

    [Test]
    public void AddTrainerLeavesTheHostsLoggingInPlace()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Training:OutputDir"] = "unused" }).Build();
        var host = new RecordingLoggerFactory();
        var services = new ServiceCollection().AddLogging(builder => builder.AddProvider(new HostProvider(host)));
        services.AddTrainer(configuration).AddTrainerLogging(configuration, logToFile: false);
        using var provider = services.BuildServiceProvider();
        provider.GetRequiredService<ILoggerFactory>().CreateLogger("test").LogWarning("kept");
        Assert.That(host.Warnings, Is.EqualTo(new[] { "kept" }), "the host's provider still receives what is logged");
    }

    [Test]
    public void AddTrainerAloneAddsNoLoggingProvider()
    {
        var configuration = new ConfigurationBuilder().Build();
        using var provider = new ServiceCollection().AddTrainer(configuration).BuildServiceProvider();
        Assert.That(provider.GetServices<ILoggerProvider>(), Is.Empty);
    }

    [Test]
    public void AnUnknownLogLevelIsAConfigurationError()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Logging:LogLevel:Default"] = "Chatty" }).Build();
        var error = Assert.Throws<TrainerConfigurationException>(() => new ServiceCollection().AddTrainerLogging(configuration, logToFile: false));
        Assert.That(error!.Message, Is.EqualTo("Logging:LogLevel:Default = 'Chatty' is not one of: Trace, Debug, Information, Warning, Error, Critical, None"));
    }

    [Test]
    public void ATrainerWithoutServicesNamesWhereTheIntegrationsComeFrom()
    {
        using var folder = new TempFolder();
        using var model = new TinyRegression();
        var error = Assert.Throws<TrainingArgumentsException>(() =>
            new Trainer(model, TinyRegression.Args(folder.Path, a => a.Optim = "galore_adamw"), TinyRegression.Data(16), null, TinyRegression.Collator));
        Assert.That(error!.Message, Does.Contain("unknown optimizer 'galore_adamw'").And.Contain("services.AddIntegrationOptimizers()"));
    }

    [Test]
    public void ATrainerGetsTheIntegrationsAndTheProgressBarFromAddTrainer()
    {
        using var folder = new TempFolder();
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["Training:OutputDir"] = folder.Path }).Build();
        using var provider = new ServiceCollection().AddTrainer(configuration).BuildServiceProvider();
        using var model = new TinyRegression();
        var trainer = new Trainer(model, TinyRegression.Args(folder.Path, a => a.Optim = "schedule_free_adamw"), TinyRegression.Data(16), null,
            TinyRegression.Collator, services: provider);
        trainer.CreateOptimizer();
        Assert.That(trainer.Optimizer!.GetType().Name, Is.EqualTo("AdamWScheduleFree"));
        Assert.That(provider.GetServices<TrainerCallback>().Single(), Is.TypeOf<ProgressBarCallback>());
    }

    /// <summary>The host's own provider, writing into a recorder.</summary>
    private sealed class HostProvider(RecordingLoggerFactory recorder) : ILoggerProvider
    {
        public ILogger CreateLogger(string categoryName) => recorder.CreateLogger(categoryName);

        public void Dispose()
        {
        }
    }
}
