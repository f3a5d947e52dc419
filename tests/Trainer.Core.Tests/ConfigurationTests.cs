using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Options;

namespace Training.Core.Tests;

public class ConfigurationTests
{
    private static string Failure(params string[] commandLine)
    {
        var configuration = new ConfigurationBuilder()
            .AddInMemoryCollection(new Dictionary<string, string?> { ["Training:OutputDir"] = Path.GetTempPath() })
            .AddCommandLine(commandLine).Build();
        using var provider = new ServiceCollection().AddTrainer(configuration).BuildServiceProvider();
        var e = Assert.Throws<TrainerConfigurationException>(() => TrainerConfiguration.Validate(provider));
        return e!.Message;
    }

    [TestCase("--Training:LearningRate=-1", "Training:LearningRate = -1")]
    [TestCase("--Training:WarmupSteps=-5", "Training:WarmupSteps = -5")]
    [TestCase("--Training:GradientAccumulationSteps=0", "Training:GradientAccumulationSteps = 0")]
    [TestCase("--Training:AdamBeta1=1.5", "Training:AdamBeta1 = 1.5")]
    [TestCase("--Training:OptimArgs=rank64", "OptimArgs: item 'rank64'")]
    [TestCase("--Training:PerDeviceTrainBatchSize=abc", "Training:PerDeviceTrainBatchSize = 'abc' is not an integer")]
    [TestCase("--Training:Optim=adamw_troch", "Did you mean 'adamw_torch'?")]
    [TestCase("--Training:LrSchedulerType=cosine_restarts", "unknown scheduler 'cosine_restarts'")]
    [TestCase("--Training:EvalStrategy=sometimes", "Training:EvalStrategy = 'sometimes' is not one of: no, steps, epoch")]
    public void EachBadValueGetsOneMessageNamingTheKey(string argument, string expected) =>
        Assert.That(Failure(argument), Does.Contain(expected));

    [TestCase("none")]
    [TestCase("all")]
    public void ReportToNoneOrAllIsAccepted(string value) =>
        Assert.That(new TrainingArgumentsValidator().Check(new TrainingArguments { ReportTo = [value] }), Is.Empty);

    [TestCase("jsonl"), TestCase("metrics"), TestCase("tensorboard")]
    public void EachReporterOfThisPortIsAccepted(string name) =>
        Assert.That(new TrainingArgumentsValidator().Check(new TrainingArguments { ReportTo = ["jsonl", name] }), Is.Empty);

    [TestCase("azure_ml"), TestCase("clearml"), TestCase("codecarbon"), TestCase("comet_ml"), TestCase("dagshub"), TestCase("dvclive")]
    [TestCase("flyte"), TestCase("mlflow"), TestCase("neptune"), TestCase("swanlab"), TestCase("trackio"), TestCase("wandb")]
    public void EachOfTransformersOtherReportingIntegrationsIsKnownButNotAvailable(string name) =>
        Assert.That(new TrainingArgumentsValidator().Check(new TrainingArguments { ReportTo = ["jsonl", name] }), Is.EqualTo(new[]
        {
            $"Training:ReportTo: '{name}' is not available: it is one of Transformers' reporting integrations this port does not have; use 'jsonl', 'metrics', 'tensorboard', 'all' or 'none', or report from a TrainerCallback added in code.",
        }));

    [Test]
    public void ValuesBindFromConfigurationWithTransformersDefaults()
    {
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Training:OutputDir"] = "out", ["Training:LearningRate"] = "3e-4", ["Training:EvalStrategy"] = "steps",
            ["Training:OptimTargetModules"] = "all-linear", ["Training:LrSchedulerKwargs:num_cycles"] = "3",
            ["Training:LrSchedulerType"] = "cosine_with_restarts",
        }).Build();
        using var provider = new ServiceCollection().AddTrainer(configuration).BuildServiceProvider();
        var args = TrainerConfiguration.Validate(provider);
        Assert.Multiple(() =>
        {
            Assert.That(args.LearningRate, Is.EqualTo(3e-4));
            Assert.That(args.EvalStrategy, Is.EqualTo(IntervalStrategy.Steps));
            Assert.That(args.OptimTargetModules, Is.EqualTo(new[] { "all-linear" }));
            Assert.That(args.OptimTargetModulesIsPattern, Is.True);
            Assert.That(args.LrSchedulerKwargs["num_cycles"], Is.EqualTo("3"));
            Assert.That(args.Optim, Is.EqualTo("adamw_torch"), "Transformers' default for torch < 2.8");
            Assert.That(args.PerDeviceTrainBatchSize, Is.EqualTo(8));
            Assert.That(args.GetWarmupSteps(95), Is.EqualTo(0));
        });
        Assert.That(new TrainingArguments { WarmupSteps = 0.1 }.GetWarmupSteps(95), Is.EqualTo(10), "a ratio below 1, rounded up");
        Assert.That(new TrainingArguments { WarmupSteps = 2.7 }.GetWarmupSteps(95), Is.EqualTo(2));
    }

    [Test]
    public void AProgramsOwnOptimizerHasItsDeclaredArgumentsCheckedAtStartUp()
    {
        // The program's own entries are not dry-run (they may need the real model), but declared arguments need no model.
        var built = 0;
        var arguments = new SgdOptions().Arguments("my_sgd").Only("momentum");
        IServiceProvider Provider(string optimArgs)
        {
            var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
            {
                ["Training:OutputDir"] = Path.GetTempPath(), ["Training:Optim"] = "my_sgd", ["Training:OptimArgs"] = optimArgs,
            }).Build();
            return new ServiceCollection().AddTrainer(configuration)
                .AddOptimizer("my_sgd", arguments, (request, bound, _) =>
                {
                    built++;
                    return new Sgd(request.ParamGroups, new SgdOptions { LearningRate = request.LearningRate }.With(bound));
                }).BuildServiceProvider();
        }

        using (var bad = (ServiceProvider)Provider("momentun=0.9,dampening=0.1"))
        {
            var e = Assert.Throws<TrainerConfigurationException>(() => TrainerConfiguration.Validate(bad))!;
            Assert.That(e.Message, Does.Contain("Training:Optim = my_sgd with Training:OptimArgs = 'momentun=0.9,dampening=0.1': OptimArgs: 'momentun' is not an argument of my_sgd; did you mean 'momentum'? (it takes: momentum)"));
            Assert.That(e.Message, Does.Contain("OptimArgs: 'dampening' is not an argument of my_sgd"), "every problem is reported, not only the first");
        }

        using (var good = (ServiceProvider)Provider("momentum=0.8"))
        {
            Assert.DoesNotThrow(() => TrainerConfiguration.Validate(good));
            using var scope = torch.NewDisposeScope();
            var registry = good.GetRequiredService<IOptimizerRegistry>();
            using var sgd = registry.Create("my_sgd", OptimizerRequest.For([torch.zeros(2, requires_grad: true)], 0.1) with { OptimArgs = OptimArgs.Parse("momentum=0.8") });
            Assert.That(sgd.ParamGroups[0]["momentum"], Is.EqualTo(0.8));
        }

        Assert.That(built, Is.EqualTo(1), "validation binds the arguments without building the optimizer");
    }

    [Test]
    public void AProgramsOwnSchedulerHasItsDeclaredKwargsCheckedAtStartUp()
    {
        var built = 0;
        var arguments = new ArgumentSchema("my_constant", [new ArgumentSpec("factor", ArgumentKind.Number) { Default = 1.0, Rule = ArgumentRule.Positive }]);
        var configuration = new ConfigurationBuilder().AddInMemoryCollection(new Dictionary<string, string?>
        {
            ["Training:OutputDir"] = Path.GetTempPath(), ["Training:LrSchedulerType"] = "my_constant", ["Training:LrSchedulerKwargs:factor"] = "-2",
        }).Build();
        using var provider = new ServiceCollection().AddTrainer(configuration)
            .AddScheduler("my_constant", request =>
            {
                built++;
                var factor = request.Arguments!.Number("factor");
                return LRSchedulers.LambdaLR(request.Optimizer, _ => factor);
            }, arguments: arguments).BuildServiceProvider();
        var e = Assert.Throws<TrainerConfigurationException>(() => TrainerConfiguration.Validate(provider))!;
        Assert.That(e.Message, Does.Contain("Training:LrSchedulerType = my_constant with Training:LrSchedulerKwargs = {factor: -2}: LrSchedulerKwargs: Invalid factor: -2 (must be a finite value > 0)"));
        Assert.That(built, Is.EqualTo(0), "a program's own scheduler is checked through its declared kwargs, not built before its model exists");
    }
}
