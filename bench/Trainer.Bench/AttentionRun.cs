using System.Diagnostics;
using TorchSharp;
using static System.FormattableString;
using static TorchSharp.torch;

namespace Training.Bench;

/// <summary>
/// Causal attention forward + backward (<c>--attention</c>) through libtorch's <c>scaled_dot_product_attention</c>,
/// which both our models run, against the explicit softmax(QKᵀ/√d with the future hidden)·V they could run instead,
/// on the shapes of one layer of TinyGpt (the bench's config and longer contexts) and of GPT-2 small. The two paths
/// alternate call by call, so load on the machine skews both alike; median ms per call.
/// </summary>
internal static class AttentionRun
{
    private static readonly (string Name, long Batch, long Heads, long Length, long HeadDim)[] Shapes =
    [
        ("TinyGpt bench (B 32, T 64, 4 x 32)", 32, 4, 64, 32),
        ("TinyGpt, T 128 (B 16, 4 x 32)", 16, 4, 128, 32),
        ("GPT-2 small, T 256 (B 4, 12 x 64)", 4, 12, 256, 64),
        ("GPT-2 small, T 1024 (B 2, 12 x 64)", 2, 12, 1024, 64),
    ];

    /// <summary>Times both paths on every shape and returns the table.</summary>
    public static string Run(bool quick)
    {
        var lines = new List<string>
        {
            "causal attention, one layer, forward + backward (median ms per call, the paths alternating)",
            "| shape                                  |   fused |  explicit | fused/explicit |",
            "|----------------------------------------|--------:|----------:|---------------:|",
        };
        foreach (var shape in Shapes)
        {
            // Fewer calls for the long contexts, whose single call takes 0.1-0.3 s.
            var calls = (quick ? 1 : 4) * (shape.Length >= 1024 ? 5 : 25);
            var (fused, explicitPath) = Measure(shape.Batch, shape.Heads, shape.Length, shape.HeadDim, calls);
            lines.Add(Invariant($"| {shape.Name,-38} | {fused,7:F2} | {explicitPath,9:F2} | {fused / explicitPath,13:F2}x |"));
        }

        return string.Join(Environment.NewLine, lines);
    }

    private static (double Fused, double Explicit) Measure(long batch, long heads, long length, long headDim, int calls)
    {
        using var scope = NewDisposeScope();
        using var generator = new Generator(7);
        long[] shape = [batch, heads, length, headDim];
        var (query, key, value) = (randn(shape, generator: generator).requires_grad_(true),
            randn(shape, generator: generator).requires_grad_(true), randn(shape, generator: generator).requires_grad_(true));
        var upstream = randn(shape, generator: generator);
        var future = ones([length, length], ScalarType.Bool).triu(1);
        using Scalar scale = (1.0 / Math.Sqrt(headDim)).ToScalar(), hidden = double.NegativeInfinity.ToScalar();

        double Call(Func<Tensor> attention)
        {
            var start = Stopwatch.GetTimestamp();
            using (NewDisposeScope()) attention().mul(upstream).sum().backward();
            var ms = Stopwatch.GetElapsedTime(start).TotalMilliseconds;
            query.grad = key.grad = value.grad = null;
            return ms;
        }

        Tensor Fused() => nn.functional.scaled_dot_product_attention(query, key, value, null, 0.0, true);
        Tensor Explicit() =>
            nn.functional.softmax(query.mul(scale).matmul(key.transpose(-2, -1)).masked_fill_(future, hidden), -1).matmul(value);

        for (var i = 0; i < 2; i++) { Call(Fused); Call(Explicit); }
        var (fused, explicitPath) = (new double[calls], new double[calls]);
        for (var i = 0; i < calls; i++)
        {
            // Alternate which path goes first, so neither always runs in the other's cache wake.
            if (i % 2 == 0) { fused[i] = Call(Fused); explicitPath[i] = Call(Explicit); }
            else { explicitPath[i] = Call(Explicit); fused[i] = Call(Fused); }
        }

        Array.Sort(fused);
        Array.Sort(explicitPath);
        return (fused[calls / 2], explicitPath[calls / 2]);
    }
}
