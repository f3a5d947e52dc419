using Training.TorchExtensions;
namespace Training.Core.Tests;

/// <summary>Shared pieces of the evaluation tests: a dataset whose batches differ in length, metrics, and a recorder.</summary>
internal static class EvaluationFixture
{
    /// <summary>Five sequences; with two per batch the batches are 5, 6 and 4 tokens wide.</summary>
    public static readonly int[] Lengths = [3, 5, 2, 6, 4];

    public static IDataset<long[]> Data(int seed = 8) => PlainCausalLm.Sequences(Lengths, seed);

    /// <summary>Next-token accuracy over the labels other than -100: predictions at t against labels at t + 1.</summary>
    public static double Accuracy(Tensor predictions, Tensor labels)
    {
        using var scope = torch.NewDisposeScope();
        var ids = predictions.dtype == ScalarType.Int64 ? predictions : predictions.argmax(-1);
        var length = labels.size(1);
        var targets = labels.narrow(1, 1, length - 1);
        var predicted = ids.narrow(1, 0, length - 1);
        var mask = targets.ne(Scalars.Keep(-100));
        return predicted.eq(targets).logical_and(mask).sum().item<long>() / (double)mask.sum().item<long>();
    }

    /// <summary>
    /// What the evaluation must gather: each batch's logits (its own width), padded with -100 to the widest, in
    /// dataset order, and the labels likewise.
    /// </summary>
    public static (Tensor Logits, Tensor Labels) Expected(PlainCausalLm model, IDataset data, int batchSize)
    {
        var collator = PlainCausalLm.Collator();
        var width = Enumerable.Range(0, (data.Count + batchSize - 1) / batchSize)
            .Max(b => Enumerable.Range(b * batchSize, Math.Min(batchSize, data.Count - b * batchSize)).Max(i => ((IDataset<long[]>)data)[i].Length));
        var logits = torch.full([data.Count, width, PlainCausalLm.Vocab], Scalars.Keep(-100f));
        var labels = torch.full([data.Count, width], Scalars.Keep(-100L), ScalarType.Int64);
        using var noGrad = torch.no_grad();
        for (var start = 0; start < data.Count; start += batchSize)
        {
            var rows = Enumerable.Range(start, Math.Min(batchSize, data.Count - start)).ToArray();
            using var batch = collator.Collate(data, rows);
            using var scope = torch.NewDisposeScope();
            var batchWidth = batch["input_ids"].size(1);
            logits.narrow(0, start, rows.Length).narrow(1, 0, batchWidth).copy_(model.Logits(batch["input_ids"]));
            labels.narrow(0, start, rows.Length).narrow(1, 0, batchWidth).copy_(batch["labels"]);
        }

        return (logits, labels);
    }
}

/// <summary>Records the metrics of every OnEvaluate and OnPredict, and counts prediction steps.</summary>
internal sealed class MetricsRecorder : TrainerCallback
{
    public List<IReadOnlyDictionary<string, double>> Evaluations { get; } = [];

    public List<IReadOnlyDictionary<string, double>> Predictions { get; } = [];

    public int PredictionSteps { get; private set; }

    public override void OnEvaluate(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) =>
        Evaluations.Add(new Dictionary<string, double>(context.Values!));

    public override void OnPredict(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) =>
        Predictions.Add(new Dictionary<string, double>(context.Values!));

    public override void OnPredictionStep(TrainingArguments args, TrainerState state, TrainerControl control, CallbackContext context) => PredictionSteps++;
}
