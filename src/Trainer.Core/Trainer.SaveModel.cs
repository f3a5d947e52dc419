using Microsoft.Extensions.Logging;
using Training.TorchExtensions;

namespace Training.Core;

public partial class Trainer
{
    private static readonly IReadOnlyDictionary<string, string> PyTorchFormat = new Dictionary<string, string> { ["format"] = "pt" };

    /// <summary>
    /// Saves the model for use outside this run (Transformers' <c>save_model</c>) into <paramref name="outputDir"/>, or
    /// <see cref="TrainingArguments.OutputDir"/> when null (created if needed): an <see cref="IPretrainedModel"/>
    /// through <see cref="IPretrainedModel.SavePretrained"/> (for GPT-2 a Hugging Face folder that
    /// <c>from_pretrained</c> loads); any other model as <c>model.safetensors</c> holding its <c>state_dict</c>
    /// (metadata <c>{"format": "pt"}</c>); in both cases with <c>training_args.json</c> as checkpoints write it. Each
    /// file is written atomically. A Schedule-Free optimizer is switched to its evaluation point first, as before a
    /// checkpoint, so what is saved is the model evaluation sees. No optimizer, scheduler or trainer state is written.
    /// </summary>
    public virtual void SaveModel(string? outputDir = null)
    {
        var folder = outputDir ?? Args.OutputDir;
        ArgumentException.ThrowIfNullOrWhiteSpace(folder, nameof(outputDir));
        SwitchOptimizerToEval();
        Directory.CreateDirectory(folder);
        if (Model is IPretrainedModel pretrained)
        {
            pretrained.SavePretrained(folder);
        }
        else
        {
            Logger.LogInformation("{Model} is not an IPretrainedModel: saving only its state_dict as {File}", Model.GetType().Name, CheckpointFiles.Model);
            WriteStateDict(Path.Combine(folder, CheckpointFiles.Model));
        }

        AtomicFile.Write(Path.Combine(folder, CheckpointFiles.TrainingArgs), WriteTrainingArgs);
        Logger.LogInformation("Saved the model to {Folder}", folder);
    }

    // The model's state_dict under its own names, as checkpoints store it and a resume reads it back.
    private void WriteStateDict(string path) => SafeTensors.Save(Model.state_dict(), path, PyTorchFormat);

    private void WriteTrainingArgs(Stream stream) => stream.Write(System.Text.Encoding.UTF8.GetBytes(PythonJson.Serialize(Args)));
}
