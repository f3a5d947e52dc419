using Microsoft.Extensions.Logging;
using Training.Optim;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Core;

/// <summary>The result of <see cref="Trainer.Train"/>.</summary>
/// <param name="GlobalStep">Updates done.</param>
/// <param name="TrainingLoss">Mean loss over the updates of this run.</param>
/// <param name="Metrics">Run metrics (train_runtime, train_samples_per_second, ...).</param>
public sealed record TrainOutput(long GlobalStep, double TrainingLoss, IReadOnlyDictionary<string, double> Metrics);

/// <summary>Training stopped because the loss or gradients were not finite and <c>NonFiniteLoss</c> is <c>Stop</c>.</summary>
public sealed class NonFiniteLossException(string message) : InvalidOperationException(message);

public partial class Trainer
{
    // Loss bookkeeping between log entries, as Transformers' tr_loss / _globalstep_last_logged.
    private double lossSinceLog;
    private long stepsSinceLog;
    private double totalLoss;
    private long updatesThisRun;

    // The stop request of the running Train call, read only between updates.
    private CancellationToken stopToken;
    private bool stopRequested;

    /// <summary>
    /// Trains. <paramref name="resumeFromCheckpoint"/> (or <see cref="TrainingArguments.ResumeFromCheckpoint"/>) is a
    /// checkpoint folder, or "last" for the newest one in <see cref="TrainingArguments.OutputDir"/>: model, optimizer,
    /// scheduler, RNG and data position are restored, so the run continues exactly as an uninterrupted one.
    /// <paramref name="cancellationToken"/> asks the run to stop: the update in progress is finished (a stop never
    /// falls inside a gradient-accumulation window, nor inside an evaluation or a save), a checkpoint of it is written
    /// (unless <see cref="TrainingArguments.EnableJitCheckpoint"/> is false), <c>OnTrainEnd</c> runs so callbacks
    /// close their files, and <see cref="TrainingStoppedException"/> names the checkpoint to resume from. Resuming
    /// from it gives the same model as a run that was never stopped.
    /// </summary>
    /// <exception cref="TrainingStoppedException">The token was cancelled before the last update.</exception>
    public virtual TrainOutput Train(string? resumeFromCheckpoint = null, CancellationToken cancellationToken = default)
    {
        stopToken = cancellationToken;
        stopRequested = false;
        var train = TrainDataset ?? throw new InvalidOperationException("Trainer.Train needs a training dataset");
        var collator = DataCollator ?? throw new InvalidOperationException("Trainer.Train needs a data collator");
        var started = System.Diagnostics.Stopwatch.StartNew();
        torch.manual_seed(Args.Seed);

        var loader = DataLoader.ForTraining(train, collator, Args);
        if (loader.BatchesPerEpoch == 0) throw new InvalidOperationException("the training dataset yields no batch (too small for the batch size with DataloaderDropLast)");
        var microBatchesPerEpoch = loader.BatchesPerEpoch;
        var updatesPerEpoch = Args.UpdatesPerEpoch(microBatchesPerEpoch);
        var maxSteps = Args.PlannedSteps(updatesPerEpoch);
        var epochs = Args.MaxSteps > 0 ? (int)((maxSteps + updatesPerEpoch - 1) / updatesPerEpoch) : (int)Math.Ceiling(Args.NumTrainEpochs);

        // A scheduler this Trainer created in an earlier Train() call is rebuilt for the new total, as Transformers does.
        if (createdScheduler) LrScheduler = null;
        State = new TrainerState
        {
            MaxSteps = maxSteps,
            LoggingSteps = TrainingArguments.ResolveSteps(Args.LoggingSteps, maxSteps),
            EvalSteps = TrainingArguments.ResolveSteps(Args.EvalSteps ?? Args.LoggingSteps, maxSteps),
            SaveSteps = TrainingArguments.ResolveSteps(Args.SaveSteps, maxSteps),
            TrainBatchSize = Args.PerDeviceTrainBatchSize,
            NumTrainEpochs = epochs,
        };
        CreateOptimizer();
        CreateScheduler(maxSteps);
        StartParameterGuard();

        var resume = resumeFromCheckpoint ?? Args.ResumeFromCheckpoint;
        if (string.IsNullOrWhiteSpace(resume)) resume = null;
        var firstEpoch = 0;
        var skipUpdates = 0L;
        if (resume is not null)
        {
            var folder = resume == "last" ? CheckpointFiles.Last(Args.OutputDir) : resume;
            LoadCheckpoint(folder);
            if (Args.RestoreCallbackStatesFromCheckpoint) RestoreCallbackStates();
            firstEpoch = (int)(State.GlobalStep / updatesPerEpoch);
            skipUpdates = Args.IgnoreDataSkip ? 0 : State.GlobalStep % updatesPerEpoch;
            Logger.LogInformation("Resuming from {Checkpoint} at step {Step} (epoch {Epoch}, skipping {Skip} updates of it)",
                folder, State.GlobalStep, firstEpoch, skipUpdates);
        }

        Logger.LogInformation("***** Running training: {Examples} examples, {Epochs} epochs, batch {Batch} x {Accumulation} accumulation, {MaxSteps} updates, optimizer {Optim}, scheduler {Scheduler} *****",
            train.Count, epochs, Args.PerDeviceTrainBatchSize, Args.GradientAccumulationSteps, maxSteps, Optimizer!.Name, LrScheduler!.Name);
        lossSinceLog = 0;
        stepsSinceLog = 0;
        totalLoss = 0;
        updatesThisRun = 0;
        Model.train();
        // Transformers' order: on_train_begin (which clears should_training_stop), then the evaluation on start.
        Callbacks.OnTrainBegin();
        if (Args.EvalOnStart && resume is null && HasEvalData) Evaluate();

        try
        {
            for (var epoch = firstEpoch; epoch < epochs && !Control.ShouldTrainingStop && !StopRequestedNow(); epoch++)
                RunEpoch(loader, epoch, epoch == firstEpoch ? skipUpdates : 0, updatesPerEpoch);
        }
        finally
        {
            StopParameterGuard();
        }

        // The model a run leaves behind is the evaluation point (Schedule-Free's average x).
        SwitchOptimizerToEval();
        if (stopRequested) StopOnRequest();
        Callbacks.OnTrainEnd();
        if (Args.LoadBestModelAtEnd && State.BestModelCheckpoint is string best && Directory.Exists(best))
        {
            Logger.LogInformation("Loading the best model from {Checkpoint} (best {Metric} = {Value})", best, Args.BestMetricKey, State.BestMetric);
            LoadModelWeights(best);
        }

        var seconds = started.Elapsed.TotalSeconds;
        // train_loss is the mean over this run's updates. Transformers divides this run's loss sum by the total
        // global_step, which after a resume understates the loss by the share of steps done before it; we do not copy that.
        var metrics = new Dictionary<string, double>
        {
            ["train_runtime"] = Math.Round(seconds, 4),
            ["train_samples_per_second"] = Math.Round(updatesThisRun * Args.PerDeviceTrainBatchSize * Args.GradientAccumulationSteps / Math.Max(seconds, 1e-9), 3),
            ["train_steps_per_second"] = Math.Round(updatesThisRun / Math.Max(seconds, 1e-9), 3),
            ["train_loss"] = updatesThisRun == 0 ? double.NaN : totalLoss / updatesThisRun,
            ["epoch"] = State.Epoch,
        };
        Log(metrics);
        return new TrainOutput(State.GlobalStep, metrics["train_loss"], metrics);
    }

    private void RunEpoch(DataLoader loader, int epoch, long skipUpdates, long updatesPerEpoch)
    {
        // The handler clears each flag where its event begins (Transformers' CallbackHandler), so a flag set by any
        // callback before the loop acts on it survives: epoch stop here, log/evaluate/save at the step's begin.
        Callbacks.OnEpochBegin();
        var accumulation = Args.GradientAccumulationSteps;
        var microBatches = loader.BatchesPerEpoch;
        var startMicro = (int)Math.Min(skipUpdates * accumulation, microBatches);
        using var batches = loader.Epoch(epoch, startMicro).GetEnumerator();
        for (var update = skipUpdates; update < updatesPerEpoch && !Control.ShouldTrainingStop && !Control.ShouldEpochStop; update++)
        {
            // Between updates only: the previous one is complete (stepped, logged, evaluated, saved as due).
            // The epoch is not over, so OnEpochEnd does not run.
            if (StopRequestedNow()) return;
            var first = (int)(update * accumulation);
            var count = Math.Min(accumulation, microBatches - first);
            if (count <= 0) break;
            Callbacks.OnStepBegin();
            BeginUpdate();
            double updateLoss = 0;
            // Transformers' get_batch_samples: the update's micro-batches are fetched first, so the loss items of the
            // whole window are known before the first forward pass.
            var samples = new List<Batch>(count);
            try
            {
                for (var i = 0; i < count; i++)
                {
                    if (!batches.MoveNext()) throw new InvalidOperationException("the data loader ended before the epoch did");
                    samples.Add(batches.Current);
                }

                var numItemsInBatch = GetNumItemsInBatch(samples);
                for (var i = 0; i < count; i++)
                {
                    var batch = samples[i];
                    updateLoss += TrainingStep(batch, numItemsInBatch, count);
                    State.NumInputTokensSeen += InputTokenCounting.Count(batch, Args.IncludeNumInputTokensSeen);
                    batch.Dispose();
                    if (i < count - 1) Callbacks.OnSubstepEnd();
                }
            }
            catch (Exception e) when (TrainingOutOfMemoryException.IsAllocationFailure(e))
            {
                throw TrainingOutOfMemoryException.For($"in training step {State.GlobalStep + 1}", nameof(TrainingArguments.PerDeviceTrainBatchSize),
                    Args.PerDeviceTrainBatchSize, " (raise Training:GradientAccumulationSteps to keep the effective batch)", e);
            }
            finally
            {
                foreach (var batch in samples) batch.Dispose();
            }

            State.Epoch = epoch + (double)(first + count) / microBatches;
            OptimizerUpdate(updateLoss);
        }

        Callbacks.OnEpochEnd();
        MaybeLogSaveEvaluate(null, null);
    }

    /// <summary>
    /// One micro-batch (Transformers' <c>training_step</c>): forward through <see cref="ComputeLoss"/> with the update's
    /// <paramref name="numItemsInBatch"/>, backward. The loss is divided by <paramref name="microBatchesInUpdate"/>
    /// only when it is not normalised by the item count already: when the model does not implement
    /// <see cref="IAcceptsNumItemsInBatch"/> (or there is no count) and there is no <c>computeLossFunc</c>. Runs in its
    /// own dispose scope; returns the value of the loss that was back-propagated, so the update's micro-batches add up
    /// to its loss (the mean over its items, when they are counted).
    /// </summary>
    protected virtual double TrainingStep(Batch batch, long? numItemsInBatch, int microBatchesInUpdate)
    {
        ArgumentNullException.ThrowIfNull(batch);
        using var scope = torch.NewDisposeScope();
        batch.To(Device);
        Model.train();
        // Schedule-Free: gradients are taken at y, so the parameters must hold the training point.
        if (Optimizer is ITrainEvalOptimizer { IsTrainMode: false } trainEval) trainEval.Train();
        var loss = ComputeLoss(Model, batch, numItemsInBatch);
        if (microBatchesInUpdate > 1 && DividesByMicroBatches(numItemsInBatch))
        {
            // An explicit Scalar, disposed here: an implicit conversion's would wait for the finalizer, every micro-batch.
            using Scalar microBatches = microBatchesInUpdate.ToScalar();
            loss = loss.div(microBatches);
        }
        var value = loss.ReadDouble();
        if (Optimizer is IFusedBackwardOptimizer fused)
        {
            // LOMO / AdaLomo update inside backward; a non-finite loss must not reach the parameters at all.
            fusedGradNorm = null;
            if (!double.IsFinite(value) || learningRateProblem is not null) return value;
            if (fused.ClipsGradNorm) fusedGradNorm = fused.GradNorm(loss);
            fused.FusedBackward(loss, CurrentLearningRate());
        }
        else
        {
            loss.backward();
        }

        return value;
    }

    // The total gradient norm a fused-backward optimizer measured in its first pass (null without clipping).
    private double? fusedGradNorm;

    /// <summary>Switches a Schedule-Free style optimizer to its evaluation point (before evaluating or saving).</summary>
    protected void SwitchOptimizerToEval()
    {
        if (Optimizer is ITrainEvalOptimizer { IsTrainMode: true } trainEval) trainEval.Eval();
    }

    private void OptimizerUpdate(double updateLoss)
    {
        var optimizer = Optimizer!;
        double? gradNorm;
        if (optimizer is IFusedBackwardOptimizer)
        {
            // The update already happened inside backward; no gradient is left to clip or measure.
            gradNorm = fusedGradNorm;
        }
        else
        {
            var parameters = Model.parameters().Where(p => p.requires_grad).Cast<Tensor>().ToList();
            // The total norm is logged even without clipping (an infinite threshold only measures it).
            gradNorm = GradientClipping.ClipGradNorm(parameters, Args.MaxGradNorm > 0 ? Args.MaxGradNorm : double.PositiveInfinity);
        }

        var finite = double.IsFinite(updateLoss) && (gradNorm is not double norm || double.IsFinite(norm));
        var learningRate = CurrentLearningRate();
        if (learningRateProblem is not null)
        {
            // Logged by BeginUpdate. The schedule still advances: the bad value belongs to this step, and holding
            // the scheduler would repeat it at every following step.
            optimizer.ZeroGrad();
            if (!LrScheduler!.IsMetricDriven) LrScheduler.Step();
        }
        else if (finite)
        {
            Callbacks.OnPreOptimizerStep();
            optimizer.Step();
            // An undone update is treated as a skipped one: no optimizer-step callbacks, the scheduler holds.
            if (KeepUpdate())
            {
                Callbacks.OnOptimizerStep();
                if (!LrScheduler!.IsMetricDriven) LrScheduler.Step();
            }
        }
        else
        {
            optimizer.ZeroGrad();
            if (Args.NonFiniteLoss == NonFinitePolicy.Stop)
                throw new NonFiniteLossException($"step {State.GlobalStep + 1}: loss {updateLoss} / gradient norm {gradNorm} is not finite; the update was not applied and training stopped (Training:NonFiniteLoss=Stop)");
            Logger.LogWarning("Step {Step}: loss {Loss} / gradient norm {GradNorm} is not finite; the update is skipped and the parameters are unchanged",
                State.GlobalStep + 1, updateLoss, gradNorm);
        }

        optimizer.ZeroGrad();
        State.GlobalStep++;
        updatesThisRun++;
        if (double.IsFinite(updateLoss) || !Args.LoggingNanInfFilter)
        {
            lossSinceLog += updateLoss;
            totalLoss += updateLoss;
        }
        else
        {
            // Transformers' logging_nan_inf_filter: count a non-finite loss as the running average.
            var average = stepsSinceLog == 0 ? 0 : lossSinceLog / stepsSinceLog;
            lossSinceLog += average;
            totalLoss += average;
        }

        stepsSinceLog++;
        Callbacks.OnStepEnd();
        MaybeLogSaveEvaluate(gradNorm, learningRate);
    }

    /// <summary>The learning rate of the first group (what the update just used).</summary>
    protected double CurrentLearningRate() => Optimizer!.ParamGroups[0].GetValue("lr") is double lr ? lr : double.NaN;

    private void MaybeLogSaveEvaluate(double? gradNorm, double? learningRate)
    {
        if (Control.ShouldLog && stepsSinceLog > 0)
        {
            var entry = new Dictionary<string, double> { ["loss"] = lossSinceLog / stepsSinceLog };
            if (gradNorm is double norm) entry["grad_norm"] = norm;
            entry["learning_rate"] = learningRate ?? CurrentLearningRate();
            Log(entry);
            lossSinceLog = 0;
            stepsSinceLog = 0;
        }

        if (Control.ShouldEvaluate && HasEvalData) EvaluateInLoop();
        if (Control.ShouldSave) SaveCheckpoint();
    }

    /// <summary>Adds an entry to the log history (with epoch and step) and passes it to the callbacks.</summary>
    public virtual void Log(IReadOnlyDictionary<string, double> values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var entry = new Dictionary<string, double>(values, StringComparer.Ordinal) { ["epoch"] = State.Epoch };
        if (InputTokenCounting.IsLogged(Args.IncludeNumInputTokensSeen)) entry["num_input_tokens_seen"] = State.NumInputTokensSeen;
        var history = new Dictionary<string, double>(entry, StringComparer.Ordinal) { ["step"] = State.GlobalStep };
        State.LogHistory.Add(history);
        Callbacks.OnLog(entry);
    }
}
