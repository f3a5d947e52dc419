using System.Text.Json;
using Microsoft.Extensions.Logging;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Core;

public partial class Trainer
{
    /// <summary>
    /// Writes <c>checkpoint-&lt;global_step&gt;/</c> in Transformers' layout (model.safetensors, optimizer.pt,
    /// scheduler.pt, rng_state.pth, trainer_state.json, training_args.json), atomically, then rotates old
    /// checkpoints by <see cref="TrainingArguments.SaveTotalLimit"/> without ever deleting the best one. The weights
    /// are the model's <c>state_dict</c>, which a resume reads back; an <see cref="IPretrainedModel"/> also writes its
    /// configuration into the folder (<see cref="IPretrainedModel.SaveConfig"/>, into the temporary folder, so the
    /// checkpoint stays atomic), which makes the checkpoint a model folder its library loads (for GPT-2,
    /// <c>Gpt2ForCausalLM.FromPretrained("checkpoint-N")</c>).
    /// </summary>
    public virtual string SaveCheckpoint()
    {
        // Checkpoints hold the evaluation point (Schedule-Free's x); the next training step switches back, and a
        // resumed run does the same, so resuming stays exact.
        SwitchOptimizerToEval();
        var folder = CheckpointFiles.Folder(Args.OutputDir, State.GlobalStep);
        if (State.BestGlobalStep == State.GlobalStep) State.BestModelCheckpoint = folder;
        var files = new List<(string Name, Action<string> Write)>
        {
            (CheckpointFiles.Model, WriteStateDict),
        };
        if (!Args.SaveOnlyModel)
        {
            files.Add((CheckpointFiles.Optimizer, path => Optimizer!.SaveStateDict(path)));
            files.Add((CheckpointFiles.Scheduler, path => LrScheduler!.SaveStateDict(path)));
            files.Add((CheckpointFiles.RngState, CheckpointWriter.WriteRngState));
        }

        files.Add((CheckpointFiles.TrainerState, path => File.WriteAllText(path, State.ToJson())));
        files.Add((CheckpointFiles.TrainingArgs, path => File.WriteAllText(path, PythonJson.Serialize(Args))));
        CheckpointWriter.Write(folder, files, Model is IPretrainedModel pretrained ? pretrained.SaveConfig : null);
        foreach (var deleted in CheckpointWriter.Rotate(Args.OutputDir, Args.SaveTotalLimit, State.BestModelCheckpoint))
            Logger.LogInformation("Deleted {Checkpoint} (SaveTotalLimit = {Limit})", deleted, Args.SaveTotalLimit);
        Logger.LogInformation("Saved {Checkpoint}", folder);
        Callbacks.OnSave();
        return folder;
    }

    /// <summary>
    /// Restores model, optimizer, scheduler, trainer state and RNG from a checkpoint folder in two phases: every file is
    /// first read and validated against this run (formats, names, dtypes, shapes, finite values, ranges), and only
    /// then applied, so a bad file raises <see cref="CheckpointException"/> with the model, optimizer, scheduler, state
    /// and RNG untouched. Missing optional files (optimizer.pt, scheduler.pt, rng_state.pth) are logged as warnings.
    /// </summary>
    protected virtual void LoadCheckpoint(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        using var scope = torch.NewDisposeScope();
        var checkpoint = CheckpointReader.Read(folder, Model, Optimizer, LrScheduler, State.MaxSteps, Logger);
        checkpoint.Apply(Model, Optimizer, LrScheduler);
        var loaded = checkpoint.State;
        loaded.MaxSteps = State.MaxSteps;
        loaded.LoggingSteps = State.LoggingSteps;
        loaded.EvalSteps = State.EvalSteps;
        loaded.SaveSteps = State.SaveSteps;
        State = loaded;
    }

    /// <summary>
    /// Loads <c>model.safetensors</c> of a checkpoint into the model, validated first as a resume validates it (names,
    /// dtypes, shapes, finite values): a bad file raises <see cref="CheckpointException"/> with the model untouched.
    /// </summary>
    protected void LoadModelWeights(string folder)
    {
        using var scope = torch.NewDisposeScope();
        var weights = CheckpointReader.ReadModelWeights(folder, Model, Logger);
        Model.load_state_dict(weights, strict: true);
    }
}
