using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Bench;

/// <summary>The C# side of the per-op overhead: each <see cref="Operation"/> as a loop over TorchSharp tensors.</summary>
internal sealed class Measurements : IDisposable
{
    private readonly Tensor a = torch.rand(16);
    private readonly Tensor b = torch.rand(16);
    private readonly Tensor x = torch.rand(Operation.LargeElements);
    private readonly Tensor y = torch.rand(Operation.LargeElements);
    // Cached once, as hot paths should: an implicit double → Scalar conversion creates a native Scalar per call.
    private readonly Scalar half = 0.5.ToScalar();
    private readonly Scalar two = 2.0.ToScalar();

    /// <summary>Median ns per op of every operation, keyed by <see cref="Operation.Name"/>.</summary>
    public Dictionary<string, double> Run(IReadOnlyList<Operation> operations, Workload workload, Action<Operation, double> progress)
    {
        var results = new Dictionary<string, double>();
        foreach (var operation in operations)
        {
            var ns = Timing.MedianNsPerOp(Loop(operation.Name), workload.IterationsOf(operation),
                workload.Repetitions, workload.MinimumWarmup);
            results[operation.Name] = ns;
            progress(operation, ns);
        }

        return results;
    }

    private Action<long> Loop(string name) => name switch
    {
        "get_num_threads" => n => { for (var i = 0L; i < n; i++) torch.get_num_threads(); },
        "add_inplace_16" => n => { for (var i = 0L; i < n; i++) a.add_(b); },
        "add_alpha_cached_16" => n => { for (var i = 0L; i < n; i++) a.add_(b, half); },
        "add_alpha_implicit_16" => n => { for (var i = 0L; i < n; i++) a.add_(b, Scalars.Keep(0.5)); },
        "mul_scalar_cached_16" => n => { for (var i = 0L; i < n; i++) a.mul_(two); },
        "mul_scalar_implicit_16" => n => { for (var i = 0L; i < n; i++) a.mul_(Scalars.Keep(2.0)); },
        "add_16_dispose" => n => { for (var i = 0L; i < n; i++) { using var c = a.add(b); } },
        "add_16_scope" => n =>
        {
            for (var i = 0L; i < n; i++)
            {
                using var scope = torch.NewDisposeScope();
                a.add(b);
            }
        },
        "add_16M" => n => { for (var i = 0L; i < n; i++) { using var z = x.add(y); } },
        "add_inplace_16M" => n => { for (var i = 0L; i < n; i++) x.add_(y); },
        _ => throw new ArgumentOutOfRangeException(nameof(name), name, "no C# loop for this operation"),
    };

    public void Dispose()
    {
        a.Dispose();
        b.Dispose();
        x.Dispose();
        y.Dispose();
        half.Dispose();
        two.Dispose();
    }
}
