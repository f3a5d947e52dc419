using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Training.Optim.Tests.Registry;

public class RegistryTests
{
    private static ServiceProvider Services(Action<IServiceCollection>? configure = null)
    {
        var services = new ServiceCollection().AddBuiltInOptimizers();
        configure?.Invoke(services);
        return services.BuildServiceProvider();
    }

    [Test]
    public void BuiltInsCoverTransformersAndCerebrasNames()
    {
        using var provider = Services();
        var registry = provider.GetRequiredService<IOptimizerRegistry>();
        var names = registry.Descriptors.Select(d => d.Name).ToList();
        Assert.That(names, Is.SupersetOf(new[]
        {
            "adamw_torch", "adamw_torch_fused", "adafactor", "sgd", "adagrad", "rmsprop",
            "lamb", "lion", "nadam", "radam", "adamax", "adadelta", "asgd", "rprop",
        }));
        Assert.That(registry.Descriptors.All(d => d.Description.Length > 10), Is.True, "every entry has a description");
        Assert.That(registry.Get("adamw_torch").StateBytesPerParameter, Is.EqualTo(8));
    }

    [Test]
    public void AnUnknownNameListsTheRegisteredNamesAndTheClosestOne()
    {
        using var provider = Services();
        var e = Assert.Throws<UnknownOptimizerException>(() => provider.GetRequiredService<IOptimizerRegistry>().Get("adamw_troch"));
        Assert.That(e!.Message, Does.Contain("unknown optimizer 'adamw_troch'"));
        Assert.That(e.Message, Does.Contain("Did you mean 'adamw_torch'?"));
        Assert.That(e.Message, Does.Contain("lamb").And.Contain("sgd"));
        Assert.That(e.Suggestion, Is.EqualTo("adamw_torch"));
        Assert.That(e.ParamName, Is.EqualTo("Optim"));
    }

    [Test]
    public void ACustomOptimizerRegisteredThroughDiIsFoundByName()
    {
        using var provider = Services(s => s.AddOptimizer("my_sgd",
            r => new Sgd(r.ParamGroups, new SgdOptions { LearningRate = r.LearningRate, Momentum = 0.5 }),
            "SGD with momentum 0.5", 4));
        using var scope = torch.NewDisposeScope();
        using var p = torch.ones(3).requires_grad_();
        using var optimizer = provider.GetRequiredService<IOptimizerRegistry>().Create("my_sgd", OptimizerRequest.For([p], 0.1));
        Assert.That(optimizer, Is.InstanceOf<Sgd>());
        Assert.That(optimizer.ParamGroups[0]["momentum"], Is.EqualTo(0.5));
        Assert.That(optimizer.ParamGroups[0].LearningRate, Is.EqualTo(0.1));
    }

    [Test]
    public void ALaterRegistrationReplacesABuiltIn()
    {
        using var provider = Services(s => s.AddOptimizer("sgd", r => new Lion(r.ParamGroups), "not really sgd", 4));
        using var scope = torch.NewDisposeScope();
        using var p = torch.ones(3).requires_grad_();
        using var optimizer = provider.GetRequiredService<IOptimizerRegistry>().Create("sgd", OptimizerRequest.For([p], 0.1));
        Assert.That(optimizer, Is.InstanceOf<Lion>());
    }

    [Test]
    public void TypedOptionsBindFromConfigurationAndValidateAtStartup()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Optimizers:heavy_ball:LearningRate"] = "0.2",
            ["Optimizers:heavy_ball:Momentum"] = "0.9",
        }).Build();
        using var provider = Services(s => s.AddOptimizer<SgdOptions>("heavy_ball", configuration.GetSection("Optimizers:heavy_ball"),
            (request, options) => new Sgd(request.ParamGroups, options)));
        using var scope = torch.NewDisposeScope();
        using var p = torch.ones(3).requires_grad_();
        using var optimizer = provider.GetRequiredService<IOptimizerRegistry>().Create("heavy_ball", OptimizerRequest.For([p], 0.1));
        Assert.That(optimizer.Defaults["momentum"], Is.EqualTo(0.9));
        Assert.That(optimizer.Defaults["lr"], Is.EqualTo(0.2));

        var bad = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?> { ["X:Momentum"] = "-1" }).Build();
        using var badProvider = Services(s => s.AddOptimizer<SgdOptions>("bad", bad.GetSection("X"), (r, o) => new Sgd(r.ParamGroups, o)));
        var e = Assert.Throws<OptionsValidationException>(() => badProvider.GetRequiredService<IOptionsMonitor<SgdOptions>>().Get("bad"));
        Assert.That(e!.Message, Does.Contain("optimizer 'bad'").And.Contain("Invalid momentum: -1"));
    }

    [Test]
    public void OptimArgsReachTheOptimizerAndUnknownKeysAreRejected()
    {
        using var provider = Services();
        var registry = provider.GetRequiredService<IOptimizerRegistry>();
        using var scope = torch.NewDisposeScope();
        using var p = torch.ones(3).requires_grad_();
        using var q = torch.ones(3).requires_grad_();
        var request = new OptimizerRequest
        {
            ParamGroups = [new ParamGroup([p], new Dictionary<string, object?> { ["weight_decay"] = 0.1 }), new ParamGroup([q], new Dictionary<string, object?> { ["weight_decay"] = 0.0 })],
            LearningRate = 0.01,
            OptimArgs = OptimArgs.Parse("momentum=0.9,nesterov=True,weight_decay=0.5"),
        };
        using var sgd = registry.Create("sgd", request);
        Assert.Multiple(() =>
        {
            Assert.That(sgd.ParamGroups[0]["momentum"], Is.EqualTo(0.9));
            Assert.That(sgd.ParamGroups[0].GetFlag("nesterov"), Is.True);
            Assert.That(sgd.ParamGroups[1]["weight_decay"], Is.EqualTo(0.0), "a group's own value wins over OptimArgs");
        });

        var e = Assert.Throws<ArgumentBindingException>(() => registry.Create("sgd", request with { OptimArgs = OptimArgs.Parse("momentun=0.9") }));
        Assert.That(e!.Message, Does.Contain("'momentun' is not an argument of sgd; did you mean 'momentum'?"));
    }
}
