using Training.Core;
using Training.Torch.Modules;

namespace Training.Integrations.Tests.ScheduleFree;

/// <summary>A small deterministic regressor whose forward returns its loss, and its data, for Trainer-level tests.</summary>
internal sealed class ScheduleFreeRegression : torch.nn.Module<Batch, Tensor>
{
    public ScheduleFreeRegression(int seed = 1) : base(nameof(ScheduleFreeRegression))
    {
        torch.manual_seed(seed);
        register_module("hidden", torch.nn.Linear(4, 16));
        register_module("head", torch.nn.Linear(16, 1));
    }

    public override Tensor forward(Batch batch)
    {
        var h = ((Linear)get_submodule("hidden")).forward(batch["x"]).tanh();
        var y = ((Linear)get_submodule("head")).forward(h);
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
}

/// <summary>A fresh temporary folder per test, removed afterwards.</summary>
internal sealed class ScheduleFreeTempFolder : IDisposable
{
    public string Path { get; } = System.IO.Path.Combine(System.IO.Path.GetTempPath(), "trainer-sf-tests-" + Guid.NewGuid().ToString("N"));

    public ScheduleFreeTempFolder() => Directory.CreateDirectory(Path);

    public void Dispose()
    {
        if (Directory.Exists(Path)) Directory.Delete(Path, recursive: true);
    }
}
