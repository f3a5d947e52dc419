// A plain TorchSharp model (nn.Sequential) trained by the Trainer: nothing in the model knows about Training.*.
// Prints exactly "OK" when the loss fell tenfold (build.cake runs this program and checks its output).
using TorchSharp;
using Training.Core;
using static TorchSharp.torch;
using Training.TorchExtensions;

const int Examples = 1024;
var model = nn.Sequential(("fc1", nn.Linear(4, 32)), ("act", nn.Tanh()), ("fc2", nn.Linear(32, 1)));

// A smooth target the network can learn: a linear part and a small interaction term.
using var generator = new Generator(0);
var inputs = randn([Examples, 4], generator: generator);
using (var weights = tensor(new[] { 1.5f, -2f, 0.5f, 1f }, [4, 1]))
using (var interaction = inputs.select(1, 0).mul(inputs.select(1, 1)).tanh_().unsqueeze_(1))
{
    var targets = inputs.matmul(weights).add_(interaction);
    var examples = Enumerable.Range(0, Examples).Select(i => (x: inputs[i], y: targets[i])).ToList();
    var train = new ListDataset<(Tensor x, Tensor y)>(examples);
    var collator = new DataCollator<(Tensor x, Tensor y)>(b => new Batch(b.Count, new[]
    {
        KeyValuePair.Create("x", stack(b.Select(e => e.x))), KeyValuePair.Create("labels", stack(b.Select(e => e.y))),
    }));

    var dir = Directory.CreateTempSubdirectory("torchsharp-sample-");
    try
    {
        var initial = MeanSquaredError(model, inputs, targets);
        var training = new TrainingArguments
        {
            OutputDir = dir.FullName, MaxSteps = 200, PerDeviceTrainBatchSize = 32, LearningRate = 1e-2,
            Optim = "adamw_torch_fused", LrSchedulerType = "cosine", WarmupSteps = 0.1, LoggingSteps = 50, SaveSteps = 200,
        };
        // The Trainer counts the "labels" entries of an update's micro-batches and passes that count: summed squared
        // errors divided by it are the update's mean, however the examples are split into micro-batches.
        var trainer = new Trainer(model, training, trainDataset: train, dataCollator: collator,
            computeLossFunc: (m, batch, items) =>
            {
                var predictions = ((nn.Module<Tensor, Tensor>)m).call(batch["x"]);
                return items is long count
                    ? nn.functional.mse_loss(predictions, batch["labels"], nn.Reduction.Sum).div(Scalars.Keep(count))
                    : nn.functional.mse_loss(predictions, batch["labels"]);
            });
        trainer.Train();

        var logged = trainer.State.LogHistory.Where(e => e.ContainsKey("loss")).Select(e => e["loss"]).ToList();
        var final = MeanSquaredError(model, inputs, targets);
        if (logged.Count < 2 || !(logged[^1] < logged[0]) || !(final < initial / 10))
        {
            Console.WriteLine($"FAILED: MSE {initial:G4} -> {final:G4}; logged losses {string.Join(", ", logged.Select(l => l.ToString("G4")))}");
            return 1;
        }
    }
    finally
    {
        dir.Delete(recursive: true);
    }
}

Console.WriteLine("OK");
return 0;

// The loss over every example, without gradients and freeing its temporaries.
static double MeanSquaredError(nn.Module<Tensor, Tensor> model, Tensor inputs, Tensor targets)
{
    using var scope = NewDisposeScope();
    using var noGrad = no_grad();
    return nn.functional.mse_loss(model.call(inputs), targets).item<float>();
}
