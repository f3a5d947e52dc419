using Training.Core;
using TorchSharp.Modules;

namespace Training.Integrations.Tests.FusedBackward;

/// <summary>
/// A small regressor of <c>depth</c> Linear layers (tanh between them) whose forward returns its MSE loss, for the
/// fused-backward tests: many parameters, so gradient lifetimes and hook ordering are visible.
/// </summary>
internal sealed class DeepMlp : torch.nn.Module<Batch, Tensor>
{
    private readonly List<Linear> layers = [];

    public DeepMlp(int depth = 8, int width = 8, int seed = 1) : base(nameof(DeepMlp))
    {
        torch.manual_seed(seed);
        for (var i = 0; i < depth; i++)
        {
            var layer = torch.nn.Linear(i == 0 ? 4 : width, i == depth - 1 ? 1 : width);
            register_module($"layer{i}", layer);
            layers.Add(layer);
        }
    }

    public override Tensor forward(Batch batch)
    {
        var h = batch["x"];
        for (var i = 0; i < layers.Count; i++)
        {
            // call(), not forward(): TorchSharp runs module hooks only through call(), and the fused optimizers'
            // hooks are what consume each layer's gradients inside backward.
            h = layers[i].call(h);
            if (i < layers.Count - 1) h = h.tanh();
        }

        return torch.nn.functional.mse_loss(h.squeeze(-1), batch["y"]);
    }

    /// <summary>Copies every parameter of <paramref name="other"/> into this model (same architecture).</summary>
    public void CopyFrom(DeepMlp other)
    {
        using var grad = torch.no_grad();
        foreach (var (mine, theirs) in parameters().Zip(other.parameters())) mine.copy_(theirs);
    }

    /// <summary>Examples of y = x·w, fixed by the seed.</summary>
    public static IReadOnlyList<(float[] X, float Y)> Examples(int count, int seed = 7)
    {
        var random = new Random(seed);
        var w = new[] { 0.5f, -1.0f, 2.0f, 0.25f };
        return Enumerable.Range(0, count).Select(_ =>
        {
            var x = Enumerable.Range(0, 4).Select(_ => (float)(random.NextDouble() * 2 - 1)).ToArray();
            return (x, x.Zip(w, (a, b) => a * b).Sum());
        }).ToList();
    }

    public static Batch Collate(IReadOnlyList<(float[] X, float Y)> examples) => new(examples.Count, new Dictionary<string, Tensor>
    {
        ["x"] = torch.tensor(examples.SelectMany(e => e.X).ToArray(), [examples.Count, 4]),
        ["y"] = torch.tensor(examples.Select(e => e.Y).ToArray()),
    });

    public static IDataCollator Collator => new DataCollator<(float[] X, float Y)>(Collate);

    public static IDataset Dataset(int count, int seed = 7) => new ListDataset<(float[] X, float Y)>(Examples(count, seed));
}
