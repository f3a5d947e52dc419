using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Training.Hosting;
using Training.Optim;
using Training.Schedulers;

namespace Training.Cli.Tests;

/// <summary><c>trainer optimizers</c> and <c>trainer schedulers</c>: every registered name, with its schema's arguments.</summary>
public class RegistryCommandTests
{
    [Test]
    public void OptimizersListsEveryRegisteredOptimizerWithItsStateAndArguments()
    {
        var (code, output) = CommandRun.Of("optimizers");
        using var services = new ServiceCollection().AddTrainer(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var names = services.GetRequiredService<IOptimizerRegistry>().Descriptors.Select(d => d.Name).ToList();
        var rows = output.Split('\n').Where(l => l.StartsWith('│')).Select(l => l.Split('│').Select(c => c.Trim()).ToArray()).ToList();
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(names, Has.Count.GreaterThan(40));
            Assert.That(rows.Select(r => r[1]).Skip(1), Is.EqualTo(names), "one row per registered optimizer, in the registry's order");
            var adamw = rows.Single(r => r[1] == "adamw_torch");
            Assert.That(adamw[3], Is.EqualTo("8"), "AdamW keeps two fp32 moments per parameter");
            Assert.That(adamw[4], Does.Contain("betas=(0.9, 0.999)").And.Contain("eps=1e-08").And.Contain("amsgrad=False"));
            Assert.That(rows.Single(r => r[1] == "galore_adamw")[4], Does.Contain("rank=").And.EndWith("other keys are ignored"));
        });
    }

    [Test]
    public void OneSchedulerByNameShowsItsArgumentsWithDefaults()
    {
        var (code, output) = CommandRun.Of("schedulers", "cosine_with_restarts");
        using var services = new ServiceCollection().AddTrainer(new ConfigurationBuilder().Build()).BuildServiceProvider();
        var description = services.GetRequiredService<ISchedulerRegistry>().Get("cosine_with_restarts").Description;
        Assert.Multiple(() =>
        {
            Assert.That(code, Is.EqualTo(0), output);
            Assert.That(output, Does.Contain("cosine_with_restarts").And.Contain(description).And.Contain("num_cycles=1"));
            Assert.That(output.Split('\n').Count(l => l.StartsWith('│')), Is.EqualTo(2), "the header and the named entry only");
        });
    }

    [TestCase("optimizers", "adamw_troch", "unknown optimizer 'adamw_troch'. Did you mean 'adamw_torch'?")]
    [TestCase("schedulers", "cosin", "Did you mean 'cosine'?")]
    public void AnUnknownNameExitsWithTwoAndTheClosestName(string command, string name, string expected)
    {
        var (code, output) = CommandRun.Of(command, name);
        Assert.That(code, Is.EqualTo(TrainerCommand.UsageError));
        Assert.That(output.Replace("\n", " ", StringComparison.Ordinal), Does.StartWith("Error: ").And.Contain(expected));
    }

    [Test]
    public void AnUnknownCommandGetsTheClosestCommand()
    {
        var (code, output) = CommandRun.Of("optimisers");
        Assert.That(code, Is.EqualTo(TrainerCommand.UsageError));
        Assert.That(output, Does.Contain("Unknown command 'optimisers'. Did you mean 'optimizers'?"));
    }
}
