// Fine-tunes GPT-2 on a text or JSON Lines file with the Trainer: a Hugging Face model folder given by --Model:Path
// (e.g. a downloaded gpt2 or distilgpt2), or, without one, a small random GPT-2 so the program runs on a fresh machine.
// Reports eval_loss, perplexity and next-token accuracy, saves the result in Hugging Face's layout and prints a sample.
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Core;
using Training.Examples;
using Training.Examples.FineTuneGpt2;
using Training.Models;
using Training.Text;
using TorchSharp;

return ExampleHost.Run(args,
    configure: (services, configuration) =>
    {
        ExampleSettings.Add<Gpt2ModelSettings>(services, configuration, Gpt2ModelSettings.SectionName, settings => settings.Problems());
        ExampleSettings.Add<DataSettings>(services, configuration, DataSettings.SectionName, settings => settings.Problems());
    },
    body: (services, _, trainingArgs) =>
    {
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger("FineTuneGpt2");
        var modelSettings = services.GetRequiredService<IOptions<Gpt2ModelSettings>>().Value;
        try
        {
            using var setup = FineTuneSetup.Create(modelSettings, services.GetRequiredService<IOptions<DataSettings>>().Value, trainingArgs.Seed, loggers);
            var collator = new DataCollatorForLanguageModeling(setup.Tokenizer.PadTokenId ?? setup.Tokenizer.EosTokenId ?? 0);
            var trainer = new Trainer(setup.Model, trainingArgs, setup.Train, setup.Eval, collator, services: services,
                computeMetrics: NextTokenAccuracy.Compute, preprocessLogitsForMetrics: NextTokenAccuracy.Preprocess);
            var result = trainer.Train(cancellationToken: ExampleHost.StopRequested);
            // run_clm's perplexity: exp of the final evaluation's mean token loss.
            var evaluation = trainer.Evaluate();
            var perplexity = Math.Exp(evaluation["eval_loss"]);
            trainer.Log(new Dictionary<string, double> { ["eval_perplexity"] = perplexity });
            logger.LogInformation("Done: {Steps} updates, training loss {Train:F4}; eval_loss {Loss:F4}, perplexity {Perplexity:F2}, next-token accuracy {Accuracy:P1}",
                result.GlobalStep, result.TrainingLoss, evaluation["eval_loss"], perplexity, evaluation["eval_accuracy"]);
            // Transformers' save_model: config.json + model.safetensors in the layout from_pretrained loads.
            trainer.SaveModel();
            // Transformers' Trainer saves its processing class beside the model, so the folder loads as a whole.
            setup.Tokenizer.SavePretrained(trainingArgs.OutputDir);
            if (modelSettings.SampleLength > 0) Sample(setup, modelSettings, trainingArgs.Seed, logger);
        }
        catch (Exception e) when (e is Gpt2ConfigException or Gpt2CheckpointException or TokenizerFileException or TokenizerSaveException or TextDatasetException)
        {
            // The user's model, tokenizer or data files: one line naming the file, no stack dump.
            Console.Error.WriteLine($"Error: {e.Message}");
            return 1;
        }

        return 0;
    });

static void Sample(FineTuneSetup setup, Gpt2ModelSettings settings, int seed, ILogger logger)
{
    using var scope = torch.NewDisposeScope();
    var prompt = setup.Tokenizer.Encode(settings.SamplePrompt).Select(id => (long)id).ToArray();
    using var generator = new torch.Generator((ulong)seed);
    var options = new Gpt2GenerationOptions { DoSample = true, Temperature = 0.8, TopK = 50, Generator = generator, EosTokenId = setup.Tokenizer.EosTokenId };
    var ids = setup.Model.Generate(torch.tensor(prompt, [1, prompt.Length]), settings.SampleLength, options);
    logger.LogInformation("Sample:\n{Text}", setup.Tokenizer.Decode(ids[0].data<long>().Select(id => (int)id)));
}
