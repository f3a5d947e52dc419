// Subclasses Trainer: OneCycleLR instead of the configured schedule, and a 10x learning rate for the output head.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Training.Examples;
using Training.Examples.CustomTrainer;
using Training.Recipes;

var program = new TrainingProgram(Console.Error);
return program.Run(args, configure: TinyGptSetup.AddSettings, (services, configuration, trainingArgs) =>
{
    var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CustomTrainer");
    using var setup = new TinyGptSetup(services, trainingArgs.Seed);
    var trainer = new HeadBoostTrainer(setup.Model, trainingArgs, setup.Train, setup.Eval, services);
    var result = trainer.Train(cancellationToken: program.StopRequested);
    var groups = trainer.Optimizer!.ParamGroups;
    logger.LogInformation("{Steps} updates with {Scheduler}; peak lr body {Body:G3}, head {Head:G3} (cycle start {Start:G3}); last logged loss {Loss:F4}",
        result.GlobalStep, trainer.LrScheduler!.Name, trainingArgs.LearningRate, trainingArgs.LearningRate * 10, groups[0]["initial_lr"],
        trainer.State.LogHistory.Last(e => e.ContainsKey("loss"))["loss"]);
    return 0;
});
