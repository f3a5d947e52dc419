using Training.Schedulers;
using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Core;

public partial class Trainer
{
    /// <summary>
    /// Evaluates on <see cref="EvalDataset"/> (or <paramref name="dataset"/>): the example-weighted mean loss as
    /// <c>eval_loss</c>, plus runtime figures, logged and passed to <c>OnEvaluate</c>. Called by a user it changes
    /// nothing of the training: the scheduler stepping and best-metric tracking belong to the training loop's
    /// evaluations (as in Transformers). Override it to add metrics (e.g. the one <c>MetricForBestModel</c> names).
    /// </summary>
    public virtual IReadOnlyDictionary<string, double> Evaluate(IDataset? dataset = null)
    {
        var data = dataset ?? EvalDataset ?? throw new InvalidOperationException("Trainer.Evaluate needs an evaluation dataset");
        var collator = DataCollator ?? throw new InvalidOperationException("Trainer.Evaluate needs a data collator");
        var loader = new DataLoader(data, collator, Args.PerDeviceEvalBatchSize);
        var watch = System.Diagnostics.Stopwatch.StartNew();
        double lossSum = 0;
        long examples = 0, batches = 0;
        var wasTraining = Model.training;
        Model.eval();
        // The next training step switches back (Transformers: optimizer.eval() in evaluation_loop, train() in training_step).
        SwitchOptimizerToEval();
        try
        {
            foreach (var batch in loader.Epoch(0))
            {
                using (batch)
                using (torch.NewDisposeScope())
                using (torch.no_grad())
                {
                    lossSum += ComputeLoss(Model, batch.To(Device)).ToDouble() * batch.Size;
                    examples += batch.Size;
                    batches++;
                }

                Callbacks.OnPredictionStep();
            }
        }
        catch (Exception e) when (TrainingOutOfMemoryException.IsAllocationFailure(e))
        {
            throw TrainingOutOfMemoryException.For("in evaluation", nameof(TrainingArguments.PerDeviceEvalBatchSize), Args.PerDeviceEvalBatchSize, "", e);
        }
        finally
        {
            Model.train(wasTraining);
        }

        var seconds = Math.Max(watch.Elapsed.TotalSeconds, 1e-9);
        var metrics = new Dictionary<string, double>(StringComparer.Ordinal)
        {
            ["eval_loss"] = examples == 0 ? double.NaN : lossSum / examples,
            ["eval_runtime"] = Math.Round(seconds, 4),
            ["eval_samples_per_second"] = Math.Round(examples / seconds, 3),
            ["eval_steps_per_second"] = Math.Round(batches / seconds, 3),
        };
        Log(metrics);
        Callbacks.OnEvaluate(metrics);
        return metrics;
    }

    /// <summary>
    /// An evaluation of the training loop (Transformers' <c>_evaluate</c> and <c>_determine_best_metric</c>):
    /// <see cref="Evaluate"/>, then a metric-driven scheduler steps on the best-model metric and the best metric and
    /// step are tracked for checkpoint selection — effects a user's own <see cref="Evaluate"/> call does not have.
    /// </summary>
    private void EvaluateInLoop()
    {
        var metrics = Evaluate();

        // Transformers raises a KeyError here (_determine_best_metric): a named best-model metric must be reported.
        if (Args.MetricForBestModel is not null && !metrics.ContainsKey(Args.BestMetricKey))
            throw new MissingMetricException(Args.MetricForBestModel, Args.BestMetricKey, metrics.Keys);
        if (metrics.TryGetValue(Args.BestMetricKey, out var value))
        {
            if (LrScheduler is MetricScheduler metricScheduler) metricScheduler.Step(value);
            var better = State.BestMetric is not double best || (Args.HigherIsBetter ? value > best : value < best);
            if (better)
            {
                State.BestMetric = value;
                State.BestGlobalStep = State.GlobalStep;
                if (Args.SaveStrategy == SaveStrategy.Best) Control.ShouldSave = true;
            }
        }
    }
}
