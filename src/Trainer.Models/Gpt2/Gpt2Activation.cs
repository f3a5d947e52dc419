using TorchSharp.Modules;

namespace Training.Models;

/// <summary>
/// The MLP activation of a GPT-2 block, chosen by <c>activation_function</c> from the names Transformers' <c>ACT2FN</c>
/// maps (parameter-free ones only: <c>prelu</c> and <c>xielu</c> learn weights no GPT-2 checkpoint carries). Each is
/// computed with Transformers' formula. The tanh approximations (<c>gelu_new</c>, <c>gelu_accurate</c>,
/// <c>gelu_fast</c>, <c>gelu_pytorch_tanh</c>) are all 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))) and run as libtorch's
/// fused tanh GELU: one kernel instead of seven elementwise ones; the results differ from the written-out formula only
/// by float rounding (gelu_fast's truncated constant 0.7978845608 is 2.8e-12 from √(2/π), far below float precision).
/// </summary>
public sealed class Gpt2Activation : nn.Module<Tensor, Tensor>
{
    // Constants of the written-out formulas, created once: an implicit Scalar allocates a native object per call.
    private readonly List<Scalar> constants = [];
    private readonly Func<Tensor, Tensor> function;

    /// <summary>Creates the activation named <paramref name="name"/> (one of <see cref="Names"/>).</summary>
    /// <exception cref="ArgumentException">The name is not one of <see cref="Names"/>.</exception>
    public Gpt2Activation(string name)
        : base(nameof(Gpt2Activation))
    {
        ArgumentNullException.ThrowIfNull(name);
        Name = name;
        switch (name)
        {
            case "gelu" or "gelu_python":
                function = x => nn.functional.gelu(x);
                break;
            case "gelu_10":
                var (low, high) = (Constant(-10.0), Constant(10.0));
                function = x => nn.functional.gelu(x).clamp(low, high);
                break;
            case "gelu_new" or "gelu_accurate" or "gelu_fast" or "gelu_pytorch_tanh":
                function = x => nn.functional.gelu(x, GELU.Approximate.tanh);
                break;
            case "quick_gelu":
                var slope = Constant(1.702);
                function = x => x.mul(x.mul(slope).sigmoid());
                break;
            case "laplace":
                // Transformers' LaplaceActivation: 0.5·(1 + erf((x − μ)/(σ·√2))), μ = 0.707107, σ = 0.282095.
                var (mu, width, one, half) = (Constant(0.707107), Constant(0.282095 * Math.Sqrt(2.0)), Constant(1.0), Constant(0.5));
                function = x => x.sub(mu).div(width).erf().add(one).mul(half);
                break;
            case "leaky_relu":
                // Transformers builds nn.LeakyReLU() with PyTorch's default slope.
                function = x => nn.functional.leaky_relu(x, 0.01);
                break;
            case "linear":
                function = x => x.alias();
                break;
            case "mish":
                function = x => nn.functional.mish(x);
                break;
            case "relu":
                function = x => nn.functional.relu(x);
                break;
            case "relu2":
                function = x => nn.functional.relu(x).square();
                break;
            case "relu6":
                function = x => nn.functional.relu6(x);
                break;
            case "sigmoid":
                function = x => x.sigmoid();
                break;
            case "silu" or "swish":
                function = x => nn.functional.silu(x);
                break;
            case "tanh":
                function = x => x.tanh();
                break;
            default:
                throw new ArgumentException($"activation_function '{name}' is not supported; supported: {string.Join(", ", Names)}", nameof(name));
        }
    }

    private Scalar Constant(double value)
    {
        Scalar scalar = value.ToScalar();
        constants.Add(scalar);
        return scalar;
    }

    /// <summary>Every <c>activation_function</c> value this class computes.</summary>
    public static IReadOnlyList<string> Names { get; } =
    [
        "gelu", "gelu_10", "gelu_accurate", "gelu_fast", "gelu_new", "gelu_python", "gelu_pytorch_tanh", "laplace",
        "leaky_relu", "linear", "mish", "quick_gelu", "relu", "relu2", "relu6", "sigmoid", "silu", "swish", "tanh",
    ];

    /// <summary>The <c>activation_function</c> value.</summary>
    public string Name { get; }

    /// <inheritdoc />
    public override Tensor forward(Tensor input) => function(input);

    /// <inheritdoc />
    protected override void Dispose(bool disposing)
    {
        if (disposing)
        {
            foreach (var constant in constants) constant.Dispose();
            constants.Clear();
        }

        base.Dispose(disposing);
    }
}
