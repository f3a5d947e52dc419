using TorchSharp.Modules;
using Training.TorchExtensions;

namespace Training.Core.Tests;

/// <summary>
/// A tiny causal language model for Trainer tests (embedding, tanh, linear head): logits [B, T, V] for
/// <c>input_ids</c>, and with <c>labels</c> the shifted next-token cross entropy, -100 ignored. This base class takes
/// no item count (its loss is always the batch mean: the Trainer applies the per-micro-batch rule to it);
/// <see cref="TinyCausalLm"/> is the same model taking <see cref="Batch.NumItemsInBatch"/>.
/// </summary>
internal class PlainCausalLm : torch.nn.Module<Batch, ModelOutput>
{
    public const int Vocab = 11;

    private readonly Embedding embedding;
    private readonly Linear head;

    public PlainCausalLm(int seed = 3) : base(nameof(PlainCausalLm))
    {
        torch.manual_seed(seed);
        embedding = torch.nn.Embedding(Vocab, 6);
        head = torch.nn.Linear(6, Vocab);
        RegisterComponents();
        foreach (var (_, parameter) in named_parameters()) parameter.DetachFromDisposeScope();
    }

    /// <summary>The logits alone.</summary>
    public Tensor Logits(Tensor inputIds) => head.call(embedding.call(inputIds).tanh());

    public override ModelOutput forward(Batch batch)
    {
        var logits = Logits(batch["input_ids"]);
        if (!batch.Contains("labels")) return new ModelOutput(logits);
        var length = logits.size(1);
        var scores = logits.narrow(1, 0, length - 1).reshape(-1, Vocab);
        var targets = batch["labels"].narrow(1, 1, length - 1).reshape(-1);
        var count = this is IAcceptsNumItemsInBatch ? batch.NumItemsInBatch : null;
        var loss = count is long items
            ? torch.nn.functional.cross_entropy(scores, targets, reduction: torch.nn.Reduction.Sum).div(Scalars.Keep(items))
            : torch.nn.functional.cross_entropy(scores, targets);
        return new ModelOutput(logits, loss);
    }

    /// <summary>Token sequences of the given lengths, fixed by the seed (ids 1..Vocab-1; 0 is the padding id).</summary>
    public static IDataset<long[]> Sequences(int[] lengths, int seed = 5)
    {
        var random = new Random(seed);
        return new ListDataset<long[]>(lengths.Select(n => Enumerable.Range(0, n).Select(_ => (long)random.Next(1, Vocab)).ToArray()).ToList());
    }

    /// <summary>
    /// Pads a batch to its longest sequence: <c>input_ids</c> with 0, <c>labels</c> (the ids, as a causal collator
    /// makes them) with -100; optionally the first <paramref name="maskedPrefix"/> labels of each sequence are -100
    /// too (a masked prompt).
    /// </summary>
    public static IDataCollator Collator(int maskedPrefix = 0) => new DataCollator<long[]>(examples =>
    {
        var width = examples.Max(e => e.Length);
        var ids = new long[examples.Count * width];
        var labels = Enumerable.Repeat(-100L, examples.Count * width).ToArray();
        for (var i = 0; i < examples.Count; i++)
            for (var t = 0; t < examples[i].Length; t++)
            {
                ids[i * width + t] = examples[i][t];
                if (t >= maskedPrefix) labels[i * width + t] = examples[i][t];
            }

        return new Batch(examples.Count, new Dictionary<string, Tensor>
        {
            ["input_ids"] = torch.tensor(ids, [examples.Count, width]),
            ["labels"] = torch.tensor(labels, [examples.Count, width]),
        });
    });

    public static TrainingArguments Args(string outputDir, Action<TrainingArguments>? configure = null)
    {
        var args = new TrainingArguments
        {
            OutputDir = outputDir, LearningRate = 0.05, Optim = "sgd", LrSchedulerType = "constant", PerDeviceTrainBatchSize = 2,
            PerDeviceEvalBatchSize = 2, MaxSteps = 1, LoggingSteps = 1, SaveStrategy = SaveStrategy.No, DisableTqdm = true, MaxGradNorm = 0,
        };
        configure?.Invoke(args);
        return args;
    }
}

/// <summary><see cref="PlainCausalLm"/> taking the item count: its loss is the sum over its targets / <see cref="Batch.NumItemsInBatch"/>.</summary>
internal sealed class TinyCausalLm(int seed = 3) : PlainCausalLm(seed), ICausalLanguageModel;
