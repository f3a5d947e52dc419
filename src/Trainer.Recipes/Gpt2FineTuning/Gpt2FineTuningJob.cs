using Microsoft.Extensions.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;
using Training.Core;
using Training.Models;
using Training.Text;
using TorchSharp;

namespace Training.Recipes;

/// <summary>
/// Fine-tunes GPT-2 on a text or JSON Lines file, as Transformers' run_clm does: a Hugging Face model folder given by
/// <c>Model:Path</c> (e.g. a downloaded gpt2 or distilgpt2), or, without one, a small random GPT-2 so the job runs on a
/// fresh machine; the data from <c>Data:TrainFile</c>, or the bundled <see cref="TinyShakespeare"/> corpus. It reports
/// eval_loss, perplexity and next-token accuracy, saves the model (<c>config.json</c> + <c>model.safetensors</c>) and
/// its tokenizer into <c>OutputDir</c> in Hugging Face's layout, and logs a sample. The <c>Model</c> and <c>Data</c>
/// sections are checked at start-up like the <c>Training</c> section. examples/FineTuneGpt2 and <c>trainer train</c>
/// run it.
/// </summary>
public static class Gpt2FineTuningJob
{
    /// <summary>The category of the job's own log lines.</summary>
    internal const string LoggerCategory = "FineTuneGpt2";

    /// <summary>
    /// The whole program: <paramref name="program"/>'s configuration and checks with the job's sections, then the job
    /// (<see cref="Execute"/>), stopping at a checkpoint on <see cref="TrainingProgram.StopRequested"/>.
    /// </summary>
    /// <returns>The exit code (<see cref="ExitCodes"/>).</returns>
    public static int Run(TrainingProgram program, string[] commandLine)
    {
        ArgumentNullException.ThrowIfNull(program);
        return program.Run(commandLine, AddSettings, (services, _, trainingArgs) => Execute(services, trainingArgs, program.Errors, program.StopRequested));
    }

    /// <summary>Registers the job's <c>Model</c> and <c>Data</c> sections and their start-up checks (each problem names its key).</summary>
    public static void AddSettings(IServiceCollection services, IConfiguration configuration)
    {
        services.AddValidatedSection<Gpt2ModelSettings>(configuration, Gpt2ModelSettings.SectionName, settings => settings.Problems());
        services.AddValidatedSection<DataSettings>(configuration, DataSettings.SectionName, settings => settings.Problems());
    }

    /// <summary>
    /// The job on validated services (registered with <see cref="AddSettings"/>): loads the tokenizer, data and model,
    /// trains, evaluates, logs the perplexity, saves the model and tokenizer into <c>OutputDir</c> and logs a sample.
    /// A problem with the user's model, tokenizer or data files is one line on <paramref name="errors"/> and
    /// <see cref="ExitCodes.DataError"/>; the Trainer's own errors (a stop, a bad checkpoint) propagate to the caller
    /// (<see cref="TrainingProgram.Run"/> turns them into their exit codes).
    /// </summary>
    /// <returns><see cref="ExitCodes.Success"/>, or <see cref="ExitCodes.DataError"/>.</returns>
    public static int Execute(IServiceProvider services, TrainingArguments trainingArgs, TextWriter errors, CancellationToken stopRequested)
    {
        ArgumentNullException.ThrowIfNull(services);
        ArgumentNullException.ThrowIfNull(trainingArgs);
        ArgumentNullException.ThrowIfNull(errors);
        var loggers = services.GetRequiredService<ILoggerFactory>();
        var logger = loggers.CreateLogger(LoggerCategory);
        var modelSettings = services.GetRequiredService<IOptions<Gpt2ModelSettings>>().Value;
        try
        {
            using var setup = FineTuneSetup.Create(modelSettings, services.GetRequiredService<IOptions<DataSettings>>().Value, trainingArgs.Seed, loggers);
            var collator = new DataCollatorForLanguageModeling(setup.Tokenizer.PadTokenId ?? setup.Tokenizer.EosTokenId ?? 0);
            var trainer = new Trainer(setup.Model, trainingArgs, setup.Train, setup.Eval, collator, services: services,
                computeMetrics: NextTokenAccuracy.Compute, preprocessLogitsForMetrics: NextTokenAccuracy.Preprocess);
            var result = trainer.Train(cancellationToken: stopRequested);
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
            errors.WriteLine($"Error: {e.Message}");
            return ExitCodes.DataError;
        }

        return ExitCodes.Success;
    }

    private static void Sample(FineTuneSetup setup, Gpt2ModelSettings settings, int seed, ILogger logger)
    {
        using var scope = torch.NewDisposeScope();
        var prompt = setup.Tokenizer.Encode(settings.SamplePrompt).Select(id => (long)id).ToArray();
        using var generator = new torch.Generator((ulong)seed);
        var options = new Gpt2GenerationOptions { DoSample = true, Temperature = 0.8, TopK = 50, Generator = generator, EosTokenId = setup.Tokenizer.EosTokenId };
        var ids = setup.Model.Generate(torch.tensor(prompt, [1, prompt.Length]), settings.SampleLength, options);
        logger.LogInformation("Sample:\n{Text}", setup.Tokenizer.Decode(ids[0].data<long>().Select(id => (int)id)));
    }
}
