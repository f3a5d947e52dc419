// Trains a small GPT-style character model on Tiny Shakespeare with the Trainer, then prints a sample.
// Settings come from appsettings.json; override any with --Training:Key=value or --Model:Key=value.
using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Training.Core;
using Training.Examples;
using Training.Models;
using Training.Recipes;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

var program = new TrainingProgram(Console.Error);
return program.Run(args, configure: TinyGptSetup.AddSettings, (services, configuration, trainingArgs) =>
{
    var logger = services.GetRequiredService<ILoggerFactory>().CreateLogger("TinyGpt");
    using var setup = new TinyGptSetup(services, trainingArgs.Seed);
    logger.LogInformation("TinyGpt: {Parameters:N0} parameters, vocabulary {Vocabulary}, context {Block}, {Layers} layers x {Heads} heads x {Dim}",
        setup.Model.ParameterCount(), setup.Config.VocabSize, setup.Config.BlockSize, setup.Config.Layers, setup.Config.Heads, setup.Config.EmbeddingDim);

    try
    {
        var trainer = new Trainer(setup.Model, trainingArgs, setup.Train, setup.Eval, CharWindows.Collator,
            computeLossFunc: TinyGptSetup.Loss, services: services);
        var result = trainer.Train(cancellationToken: program.StopRequested);
        logger.LogInformation("Done: {Steps} updates, mean training loss {Loss:F4}; checkpoints in {OutputDir}",
            result.GlobalStep, result.TrainingLoss, Path.GetFullPath(trainingArgs.OutputDir));

        using (torch.NewDisposeScope())
        using (torch.no_grad())
        {
            setup.Model.eval();
            var prompt = setup.Corpus.Tokenizer.Encode("ROMEO:\n");
            var sample = setup.Model.Generate(torch.tensor(prompt, [1, prompt.Length]),
                setup.Settings.SampleLength, temperature: 0.8, generator: setup.Generator);
            logger.LogInformation("Sample:\n{Text}", setup.Corpus.Tokenizer.Decode(sample[0].ToArray<long>()));
        }
    }
    catch (NonFiniteLogitsException e)
    {
        // Sampling from a model that is not finite, reported like the program's other run errors: one line, no stack dump.
        program.Errors.WriteLine($"Error: {e.Message}");
        return ExitCodes.DataError;
    }

    return ExitCodes.Success;
});
