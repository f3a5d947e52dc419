using TorchSharp;
using static TorchSharp.torch;

namespace Training.Bench;

/// <summary>GPT-2 small's parameter shapes (124,439,808 parameters, tied output head), as in Hugging Face's GPT2LMHeadModel.</summary>
internal static class Gpt2Shapes
{
    public static IReadOnlyList<long[]> All { get; } = Build();

    public static long Parameters => All.Sum(s => s.Aggregate(1L, (x, y) => x * y));

    /// <summary>One float32 parameter per shape, with a gradient, both drawn from N(0, 1) with a fixed seed.</summary>
    public static List<TorchSharp.Modules.Parameter> NewParametersWithGradients()
    {
        using var generator = new Generator(0);
        var parameters = All.Select(s => new TorchSharp.Modules.Parameter(torch.randn(s, generator: generator))).ToList();
        foreach (var p in parameters) p.grad = torch.randn(p.shape, generator: generator);
        return parameters;
    }

    private static List<long[]> Build()
    {
        const long d = 768;
        var shapes = new List<long[]> { new[] { 50257, d }, new[] { 1024, d } };
        for (var layer = 0; layer < 12; layer++)
        {
            shapes.AddRange(
            [
                [d], [d],                 // ln_1
                [d, 3 * d], [3 * d],      // attn.c_attn
                [d, d], [d],              // attn.c_proj
                [d], [d],                 // ln_2
                [d, 4 * d], [4 * d],      // mlp.c_fc
                [4 * d, d], [d],          // mlp.c_proj
            ]);
        }

        shapes.AddRange([[d], [d]]); // ln_f
        return shapes;
    }
}
