// Registers a new optimizer through DI and selects it by name in configuration ("Optim": "signum").
// Signum (Bernstein et al. 2018) steps by the sign of a momentum buffer: p ← p − lr·sign(m), m ← β·m + (1−β)·g.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Training.Core;
using Training.Examples;
using Training.Examples.CustomOptimizer;
using Training.Optim;
using Training.Recipes;

var program = new TrainingProgram(Console.Error);
return program.Run(args,
    // OptimArgs may set the momentum (declared once, in SignumOptions' schema): "momentum=0.8" binds and is checked at
    // start-up; "momentun=0.8" stops the program before the model loads, naming 'momentum' as the closest key.
    configure: (services, configuration) =>
    {
        TinyGptSetup.AddSettings(services, configuration);
        services.AddOptimizer("signum", new SignumOptions().Arguments("signum").Only("momentum"),
            (request, arguments, _) => new Signum(request.ParamGroups, new SignumOptions { LearningRate = request.LearningRate }.With(arguments)),
            description: "Signum: sign of the momentum (OptimArgs: momentum)", stateBytesPerParameter: 4);
    },
    body: (services, configuration, trainingArgs) =>
    {
        var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("CustomOptimizer");
        using var setup = new TinyGptSetup(services, trainingArgs.Seed);
        var trainer = new Trainer(setup.Model, trainingArgs, setup.Train, setup.Eval, CharWindows.Collator,
            computeLossFunc: TinyGptSetup.Loss, services: services);
        var result = trainer.Train(cancellationToken: program.StopRequested);
        logger.LogInformation("Trained with {Optimizer} ({Type}): {Steps} updates, first logged loss {First:F4}, last {Last:F4}",
            trainingArgs.Optim, trainer.Optimizer!.GetType().Name, result.GlobalStep,
            trainer.State.LogHistory.First(e => e.ContainsKey("loss"))["loss"], trainer.State.LogHistory.Last(e => e.ContainsKey("loss"))["loss"]);
        return 0;
    });
