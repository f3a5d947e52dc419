using TorchSharp.Modules;

namespace Training.TorchExtensions.Tests.Autograd;

/// <summary>Linear layers with tanh between them; submodules invoked through call() (hooks run) or forward() (they don't).</summary>
internal sealed class LinearStack : nn.Module<Tensor, Tensor>
{
    private readonly List<Linear> layers = [];
    private readonly bool viaCall;

    public LinearStack(int depth = 8, int width = 8, bool viaCall = true, int seed = 1) : base(nameof(LinearStack))
    {
        this.viaCall = viaCall;
        manual_seed(seed);
        for (var i = 0; i < depth; i++)
        {
            var layer = nn.Linear(i == 0 ? 4 : width, i == depth - 1 ? 1 : width);
            register_module($"layer{i}", layer);
            layers.Add(layer);
        }
    }

    public override Tensor forward(Tensor input)
    {
        var h = input;
        for (var i = 0; i < layers.Count; i++)
        {
            h = viaCall ? layers[i].call(h) : layers[i].forward(h);
            if (i < layers.Count - 1) h = h.tanh();
        }

        return h;
    }

    public static Tensor Inputs(int seed = 7)
    {
        using var generator = new Generator((ulong)seed);
        return randn([16, 4], generator: generator);
    }

    public Tensor Loss(Tensor inputs) => call(inputs).square().mean();
}
