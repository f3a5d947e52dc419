using Microsoft.Extensions.Logging;
using Training.Schedulers;
using TorchSharp;
using static TorchSharp.torch;

namespace Training.Core;

public partial class Trainer
{
    /// <summary>
    /// Evaluates (Transformers' <c>evaluate</c>) <paramref name="dataset"/>, or else <see cref="EvalDataset"/>, or else
    /// each of <see cref="EvalDatasets"/> with the prefix <c>&lt;metricKeyPrefix&gt;_&lt;name&gt;</c>. The metrics: the
    /// example-weighted mean loss (<c>eval_loss</c>), <c>ComputeMetrics</c>' results with the prefix, runtime figures and
    /// <c>epoch</c>; they are logged (kept in <c>log_history</c>) and passed to <c>OnEvaluate</c>. Predictions are
    /// gathered only when there is a <c>ComputeMetrics</c> (and not <see cref="TrainingArguments.PredictionLossOnly"/>).
    /// Called by a user it changes nothing of the training: the scheduler stepping and best-metric tracking belong to
    /// the training loop's evaluations (as in Transformers).
    /// </summary>
    public virtual IReadOnlyDictionary<string, double> Evaluate(IDataset? dataset = null, string metricKeyPrefix = "eval")
    {
        ArgumentNullException.ThrowIfNull(metricKeyPrefix);
        if (dataset is null && EvalDataset is null && EvalDatasets is not null) return Evaluate(EvalDatasets, metricKeyPrefix);
        var data = dataset ?? EvalDataset ?? throw new InvalidOperationException("Trainer.Evaluate needs an evaluation dataset");
        var watch = System.Diagnostics.Stopwatch.StartNew();
        // No point gathering predictions nothing will compute metrics from (Transformers' evaluate).
        using var output = EvaluationLoop(EvaluationLoader(data), "Evaluation", ComputeMetrics is null ? true : null, metricKeyPrefix);
        var metrics = new Dictionary<string, double>(output.Metrics, StringComparer.Ordinal);
        MetricKeys.AddSpeed(metrics, metricKeyPrefix, watch.Elapsed.TotalSeconds, output.NumSamples, Args.PerDeviceEvalBatchSize);
        // Transformers' log() adds the epoch to the very dictionary evaluate() returns and on_evaluate receives.
        metrics["epoch"] = State.Epoch;
        Log(metrics);
        Callbacks.OnEvaluate(metrics);
        return metrics;
    }

    /// <summary>
    /// Evaluates each dataset on its own with the prefix <c>&lt;metricKeyPrefix&gt;_&lt;name&gt;</c> (each logged and
    /// reported to <c>OnEvaluate</c>), and returns all their metrics together (Transformers' <c>evaluate</c> with a dict).
    /// </summary>
    public IReadOnlyDictionary<string, double> Evaluate(IReadOnlyDictionary<string, IDataset> datasets, string metricKeyPrefix = "eval")
    {
        ArgumentNullException.ThrowIfNull(datasets);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal);
        foreach (var (name, data) in datasets)
            foreach (var (key, value) in Evaluate(data ?? throw new ArgumentException($"the evaluation dataset '{name}' is null", nameof(datasets)), $"{metricKeyPrefix}_{name}"))
                metrics[key] = value;
        return metrics;
    }

    /// <summary>
    /// Predicts (Transformers' <c>predict</c>): the predictions and labels of <paramref name="testDataset"/>, gathered on
    /// the CPU in dataset order (-100 padding where batches differ in length), and its metrics with the prefix
    /// (<c>test_loss</c> when it has labels, <c>ComputeMetrics</c>' results, runtime figures), passed to
    /// <c>OnPredict</c> but not logged. The caller owns (and disposes) the result.
    /// </summary>
    public virtual PredictionOutput Predict(IDataset testDataset, string metricKeyPrefix = "test")
    {
        ArgumentNullException.ThrowIfNull(testDataset);
        ArgumentNullException.ThrowIfNull(metricKeyPrefix);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        using var output = EvaluationLoop(EvaluationLoader(testDataset), "Prediction", null, metricKeyPrefix);
        var metrics = new Dictionary<string, double>(output.Metrics, StringComparer.Ordinal);
        MetricKeys.AddSpeed(metrics, metricKeyPrefix, watch.Elapsed.TotalSeconds, output.NumSamples, Args.PerDeviceEvalBatchSize);
        Callbacks.OnPredict(metrics);
        var (predictions, labels) = output.Release();
        return new PredictionOutput(predictions, labels, metrics);
    }

    /// <summary>
    /// The loop <see cref="Evaluate(IDataset?, string)"/> and <see cref="Predict"/> share (Transformers'
    /// <c>evaluation_loop</c>): per batch, <see cref="PredictionStep"/>, then <c>PreprocessLogitsForMetrics</c> on the
    /// logits, and the losses (one per example), predictions, labels and — with <see cref="TrainingArguments.IncludeForMetrics"/>
    /// — inputs are gathered, moved to the host every <see cref="TrainingArguments.EvalAccumulationSteps"/> steps. At
    /// the end <c>ComputeMetrics</c> gets them (when there are predictions and labels), <c>&lt;prefix&gt;_loss</c> is the
    /// mean loss, and every key gets the prefix. The result owns the predictions and labels.
    /// </summary>
    /// <param name="dataloader">The batches.</param>
    /// <param name="description">"Evaluation" or "Prediction", for the log.</param>
    /// <param name="predictionLossOnly">Only the loss; null: <see cref="TrainingArguments.PredictionLossOnly"/>.</param>
    /// <param name="metricKeyPrefix">The metrics' prefix ("eval", "test", "eval_&lt;name&gt;").</param>
    public virtual EvalLoopOutput EvaluationLoop(DataLoader dataloader, string description, bool? predictionLossOnly = null, string metricKeyPrefix = "eval")
    {
        ArgumentNullException.ThrowIfNull(dataloader);
        ArgumentNullException.ThrowIfNull(metricKeyPrefix);
        var lossOnly = predictionLossOnly ?? Args.PredictionLossOnly;
        // Inputs only serve ComputeMetrics, which a loss-only loop does not call.
        var includeInputs = !lossOnly && Args.IncludeForMetrics.Contains("inputs");
        var includeLoss = Args.IncludeForMetrics.Contains("loss");
        Logger.LogDebug("***** Running {Description}: {Examples} examples, batch size {BatchSize} *****", description, dataloader.Dataset.Count, dataloader.BatchSize);
        using var losses = new EvalLoopContainer();
        using var predictions = new EvalLoopContainer();
        using var labels = new EvalLoopContainer();
        using var inputs = new EvalLoopContainer();
        var wasTraining = Model.training;
        Model.eval();
        // The next training step switches back (Transformers: optimizer.eval() in evaluation_loop, train() in training_step).
        SwitchOptimizerToEval();
        long observed = 0;
        var step = 0;
        try
        {
            foreach (var batch in dataloader.Epoch(0))
            {
                using (batch)
                using (torch.NewDisposeScope())
                {
                    batch.To(Device);
                    var (loss, logits, labelIds) = PredictionStep(Model, batch, lossOnly);
                    observed += batch.Size;
                    if (loss is not null) losses.Add(loss.reshape(1).repeat(batch.Size));
                    if (includeInputs) inputs.Add(MainInput(batch));
                    if (logits is not null) predictions.Add(PreprocessLogitsForMetrics is null ? logits : PreprocessLogitsForMetrics(logits, labelIds!));
                    if (labelIds is not null) labels.Add(labelIds);
                }

                Callbacks.OnPredictionStep();
                step++;
                if (Args.EvalAccumulationSteps is int every && step % every == 0)
                    foreach (var container in new[] { losses, predictions, labels, inputs }) container.MoveToHost();
            }
        }
        catch (Exception e) when (TrainingOutOfMemoryException.IsAllocationFailure(e))
        {
            throw TrainingOutOfMemoryException.For($"in {description.ToLowerInvariant()}", nameof(TrainingArguments.PerDeviceEvalBatchSize), Args.PerDeviceEvalBatchSize,
                Args.EvalAccumulationSteps is null ? " (or set Training:EvalAccumulationSteps to move predictions off the device as they come)" : "", e);
        }
        finally
        {
            Model.train(wasTraining);
        }

        var numSamples = dataloader.Dataset.Count == 0 && observed > 0 ? (int)observed : dataloader.Dataset.Count;
        using var allLosses = losses.Take();
        using var allInputs = inputs.Take();
        var allPredictions = predictions.Take();
        var allLabels = labels.Take();
        try
        {
            var metrics = ComputedMetrics(allPredictions, allLabels, includeInputs ? allInputs : null, includeLoss ? allLosses : null, lossOnly, description);
            if (allLosses is not null && allLosses.numel() > 0)
            {
                using var scope = torch.NewDisposeScope();
                metrics.Add(KeyValuePair.Create($"{metricKeyPrefix}_loss", allLosses.to(ScalarType.Float64).mean().item<double>()));
            }

            return new EvalLoopOutput(allPredictions, allLabels, MetricKeys.Prefix(metrics, metricKeyPrefix), numSamples);
        }
        catch
        {
            allPredictions?.Dispose();
            allLabels?.Dispose();
            throw;
        }
    }

    // ComputeMetrics on the gathered tensors, which it only borrows (Transformers: called when there are predictions and labels).
    private List<KeyValuePair<string, double>> ComputedMetrics(Tensor? predictions, Tensor? labels, Tensor? inputs, Tensor? losses, bool lossOnly, string description)
    {
        if (ComputeMetrics is null) return [];
        if (predictions is null || labels is null)
        {
            if (!lossOnly)
                Logger.LogWarning("{Description}: ComputeMetrics was not called: there were no {Missing} (a model without logits needs a PredictionStep override; a dataset without labels has no metrics)",
                    description, predictions is null ? "predictions" : "labels");
            return [];
        }

        // Its temporaries are freed when it returns; the tensors it is lent were created outside this scope.
        using var scope = torch.NewDisposeScope();
        return MetricKeys.Sanitize(ComputeMetrics(new EvalPrediction(predictions, labels, inputs, losses)));
    }

    // Transformers' main_input_name: what "inputs" in IncludeForMetrics gathers.
    private static Tensor MainInput(Batch batch) =>
        batch.Contains("input_ids")
            ? batch["input_ids"]
            : throw new InvalidOperationException($"Training:IncludeForMetrics has 'inputs', but the batch has no 'input_ids' (it has: {string.Join(", ", batch.Names)})");

    // Transformers' get_eval_dataloader / get_test_dataloader: in order, unshuffled, the evaluation batch size, workers.
    private DataLoader EvaluationLoader(IDataset dataset)
    {
        var collator = DataCollator ?? throw new InvalidOperationException("Trainer.Evaluate and Trainer.Predict need a data collator");
        return DataLoader.ForEvaluation(dataset, collator, Args);
    }

    /// <summary>
    /// An evaluation of the training loop (Transformers' <c>_evaluate</c> and <c>_determine_best_metric</c>):
    /// <see cref="Evaluate(IDataset?, string)"/>, then a metric-driven scheduler steps on the best-model metric and
    /// the best metric and step are tracked for checkpoint selection — effects a user's own Evaluate call does not
    /// have. A best-model metric that something needs and the evaluation did not report is a
    /// <see cref="MissingMetricException"/>.
    /// </summary>
    private void EvaluateInLoop()
    {
        var metrics = Evaluate();
        if (!metrics.TryGetValue(Args.BestMetricKey, out var value))
        {
            if (BestMetricNeeded) throw new MissingMetricException(Args.MetricForBestModel, Args.BestMetricKey, metrics.Keys);
            return;
        }

        if (LrScheduler is MetricScheduler metricScheduler) metricScheduler.Step(value);
        var better = State.BestMetric is not double best || (Args.HigherIsBetter ? value > best : value < best);
        if (better)
        {
            State.BestMetric = value;
            State.BestGlobalStep = State.GlobalStep;
            if (Args.SaveStrategy == SaveStrategy.Best) Control.ShouldSave = true;
        }
    }

    // Whatever reads the best-model metric: without it each of these would silently do nothing.
    private bool BestMetricNeeded =>
        Args.MetricForBestModel is not null || Args.LoadBestModelAtEnd || Args.SaveStrategy == SaveStrategy.Best ||
        LrScheduler is MetricScheduler || Callbacks.Callbacks.OfType<EarlyStoppingCallback>().Any();
}
