using TorchSharp.Modules;

namespace Training.Core.Tests;

/// <summary>A small deterministic problem for Trainer tests: a two-layer regressor whose forward returns its loss.</summary>
internal sealed class TinyRegression : torch.nn.Module<Batch, Tensor>
{
    // Plain TorchSharp: fields registered by RegisterComponents, submodules invoked through call().
    private readonly Linear hidden;
    private readonly LayerNorm norm;
    private readonly Linear head;

    public TinyRegression(int seed = 1) : base(nameof(TinyRegression))
    {
        torch.manual_seed(seed);
        hidden = torch.nn.Linear(4, 16);
        norm = torch.nn.LayerNorm(16);
        head = torch.nn.Linear(16, 1);
        RegisterComponents();
    }

    public override Tensor forward(Batch batch)
    {
        var h = hidden.call(batch["x"]).tanh();
        var y = head.call(norm.call(h));
        return torch.nn.functional.mse_loss(y.squeeze(-1), batch["y"]);
    }

    /// <summary>Examples of y = x·w + noise, fixed by the seed.</summary>
    public static IDataset<(float[] X, float Y)> Data(int count, int seed = 7)
    {
        var random = new Random(seed);
        var w = new[] { 0.5f, -1.0f, 2.0f, 0.25f };
        var items = Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            return (x, x.Zip(w, (a, b) => a * b).Sum() + (float)(random.NextDouble() * 0.1));
        }).ToList();
        return new ListDataset<(float[] X, float Y)>(items);
    }

    public static IDataCollator Collator => new DataCollator<(float[] X, float Y)>(examples => new Batch(examples.Count, new Dictionary<string, Tensor>
    {
        ["x"] = torch.tensor(examples.SelectMany(e => e.X).ToArray(), [examples.Count, 4]),
        ["y"] = torch.tensor(examples.Select(e => e.Y).ToArray()),
    }));

    public static TrainingArguments Args(string outputDir, Action<TrainingArguments>? configure = null)
    {
        var args = new TrainingArguments
        {
            OutputDir = outputDir, LearningRate = 1e-2, PerDeviceTrainBatchSize = 8, NumTrainEpochs = 3,
            LoggingSteps = 5, SaveStrategy = SaveStrategy.No, DisableTqdm = true, WeightDecay = 0.01,
        };
        configure?.Invoke(args);
        return args;
    }
}
