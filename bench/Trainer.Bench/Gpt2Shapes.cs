namespace Training.Bench;

/// <summary>GPT-2 small's parameter shapes (124,439,808 parameters, tied output head), as in Hugging Face's GPT2LMHeadModel.</summary>
internal static class Gpt2Shapes
{
    public static IReadOnlyList<long[]> All { get; } = Build();

    public static long Parameters => All.Sum(s => s.Aggregate(1L, (x, y) => x * y));

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
