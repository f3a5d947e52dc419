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
    /// checkpoints by <see cref="TrainingArguments.SaveTotalLimit"/> without ever deleting the best one.
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
            (CheckpointFiles.Model, path => SafeTensors.Save(Model.state_dict(), path, new Dictionary<string, string> { ["format"] = "pt" })),
        };
        if (!Args.SaveOnlyModel)
        {
            files.Add((CheckpointFiles.Optimizer, path => Optimizer!.SaveStateDict(path)));
            files.Add((CheckpointFiles.Scheduler, path => LrScheduler!.SaveStateDict(path)));
            files.Add((CheckpointFiles.RngState, CheckpointWriter.WriteRngState));
        }

        files.Add((CheckpointFiles.TrainerState, path => File.WriteAllText(path, State.ToJson())));
        files.Add((CheckpointFiles.TrainingArgs, path => File.WriteAllText(path, PythonJson.Serialize(Args))));
        CheckpointWriter.Write(folder, files);
        foreach (var deleted in CheckpointWriter.Rotate(Args.OutputDir, Args.SaveTotalLimit, State.BestModelCheckpoint))
            Logger.LogInformation("Deleted {Checkpoint} (SaveTotalLimit = {Limit})", deleted, Args.SaveTotalLimit);
        Logger.LogInformation("Saved {Checkpoint}", folder);
        Callbacks.Invoke(nameof(TrainerCallback.OnSave), c => c.OnSave(Args, State, Control, Context()), Args);
        return folder;
    }

    /// <summary>Restores model, optimizer, scheduler, trainer state and RNG from a checkpoint folder.</summary>
    protected virtual void LoadCheckpoint(string folder)
    {
        ArgumentNullException.ThrowIfNull(folder);
        if (!Directory.Exists(folder)) throw new DirectoryNotFoundException($"checkpoint {folder} does not exist");
        LoadModelWeights(folder);
        var optimizerFile = Path.Combine(folder, CheckpointFiles.Optimizer);
        var schedulerFile = Path.Combine(folder, CheckpointFiles.Scheduler);
        // Transformers loads optimizer and scheduler only when both exist (a SaveOnlyModel checkpoint has neither).
        if (File.Exists(optimizerFile) && File.Exists(schedulerFile))
        {
            Optimizer!.LoadStateDict(optimizerFile);
            LrScheduler!.LoadStateDict(schedulerFile);
        }

        var statePath = Path.Combine(folder, CheckpointFiles.TrainerState);
        var loaded = TrainerState.FromJson(File.ReadAllText(statePath), statePath);
        loaded.MaxSteps = State.MaxSteps;
        loaded.LoggingSteps = State.LoggingSteps;
        loaded.EvalSteps = State.EvalSteps;
        loaded.SaveSteps = State.SaveSteps;
        State = loaded;
        var rng = Path.Combine(folder, CheckpointFiles.RngState);
        if (File.Exists(rng)) CheckpointWriter.ReadRngState(rng);
    }

    /// <summary>Loads <c>model.safetensors</c> of a checkpoint into the model (strict).</summary>
    protected void LoadModelWeights(string folder)
    {
        using var scope = torch.NewDisposeScope();
        var weights = SafeTensors.Load(Path.Combine(folder, CheckpointFiles.Model));
        Model.load_state_dict(weights, strict: true);
    }
}
