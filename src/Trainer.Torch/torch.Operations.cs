using Training.Torch.Native;

namespace Training.Torch;

public static partial class torch
{
    private static unsafe Tensor Join(int kind, IReadOnlyList<Tensor> tensors, long dim)
    {
        ArgumentNullException.ThrowIfNull(tensors);
        var handles = Tensor.Handles(tensors);
        nint result;
        fixed (nint* h = handles) result = NativeMethods.trn_join(kind, h, handles.Length, dim);
        GC.KeepAlive(tensors);
        return Tensor.Wrap(result);
    }

    /// <summary>Concatenates tensors along an existing dimension.</summary>
    public static Tensor cat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(0, tensors, dim);

    /// <summary>Alias of <see cref="cat"/>.</summary>
    public static Tensor concat(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(0, tensors, dim);

    /// <summary>Stacks equally shaped tensors along a new dimension.</summary>
    public static Tensor stack(IReadOnlyList<Tensor> tensors, long dim = 0) => Join(1, tensors, dim);

    /// <summary>Where <paramref name="condition"/> holds take <paramref name="x"/>, else <paramref name="y"/> (broadcast).</summary>
    public static Tensor where(Tensor condition, Tensor x, Tensor y)
    {
        var result = NativeMethods.trn_where(condition.Handle, x.Handle, y.Handle);
        GC.KeepAlive(condition);
        GC.KeepAlive(x);
        GC.KeepAlive(y);
        return Tensor.Wrap(result);
    }

    /// <summary>Where <paramref name="condition"/> holds take <paramref name="x"/>, else the scalar <paramref name="y"/>.</summary>
    public static Tensor where(Tensor condition, Tensor x, Scalar y)
    {
        var result = NativeMethods.trn_where_scalar(condition.Handle, x.Handle, y.Value);
        GC.KeepAlive(condition);
        GC.KeepAlive(x);
        return Tensor.Wrap(result);
    }

    /// <summary>Matrix product with broadcasting.</summary>
    public static Tensor matmul(Tensor a, Tensor b) => a.matmul(b);
    /// <summary>Product of two matrices.</summary>
    public static Tensor mm(Tensor a, Tensor b) => a.mm(b);
    /// <summary>Batched matrix product.</summary>
    public static Tensor bmm(Tensor a, Tensor b) => a.bmm(b);
    /// <summary>Outer product.</summary>
    public static Tensor outer(Tensor a, Tensor b) => a.outer(b);

    /// <summary>beta * input + alpha * (a @ b).</summary>
    public static Tensor addmm(Tensor input, Tensor a, Tensor b, double beta = 1, double alpha = 1)
    {
        var result = NativeMethods.trn_addmm(input.Handle, a.Handle, b.Handle, beta, alpha);
        GC.KeepAlive(input);
        GC.KeepAlive(a);
        GC.KeepAlive(b);
        return Tensor.Wrap(result);
    }

    /// <summary>Elementwise maximum.</summary>
    public static Tensor maximum(Tensor a, Tensor b) => a.maximum(b);
    /// <summary>Elementwise minimum.</summary>
    public static Tensor minimum(Tensor a, Tensor b) => a.minimum(b);
    /// <summary>Clamps into [min, max].</summary>
    public static Tensor clamp(Tensor input, Scalar? min = null, Scalar? max = null) => input.clamp(min, max);
    /// <summary>Square root.</summary>
    public static Tensor sqrt(Tensor input) => input.sqrt();
    /// <summary>Exponential.</summary>
    public static Tensor exp(Tensor input) => input.exp();
    /// <summary>Natural logarithm.</summary>
    public static Tensor log(Tensor input) => input.log();
    /// <summary>Absolute value.</summary>
    public static Tensor abs(Tensor input) => input.abs();
    /// <summary>Power.</summary>
    public static Tensor pow(Tensor input, Scalar exponent) => input.pow(exponent);
    /// <summary>Sum of all elements.</summary>
    public static Tensor sum(Tensor input) => input.sum();
    /// <summary>Mean of all elements.</summary>
    public static Tensor mean(Tensor input) => input.mean();
    /// <summary>Lower triangle.</summary>
    public static Tensor tril(Tensor input, long diagonal = 0) => input.tril(diagonal);
    /// <summary>Upper triangle.</summary>
    public static Tensor triu(Tensor input, long diagonal = 0) => input.triu(diagonal);
    /// <summary>Logistic sigmoid.</summary>
    public static Tensor sigmoid(Tensor input) => input.sigmoid();
    /// <summary>Hyperbolic tangent.</summary>
    public static Tensor tanh(Tensor input) => input.tanh();
    /// <summary>this + weight * (end - this).</summary>
    public static Tensor lerp(Tensor input, Tensor end, Scalar weight) => input.lerp(end, weight);
    /// <summary>True when shapes match and all elements are close.</summary>
    public static bool allclose(Tensor a, Tensor b, double rtol = 1e-05, double atol = 1e-08, bool equal_nan = false) =>
        a.allclose(b, rtol, atol, equal_nan);
    /// <summary>True when shapes and elements are equal.</summary>
    public static bool equal(Tensor a, Tensor b) => a.equal(b);
    /// <summary>True where the element is finite.</summary>
    public static Tensor isfinite(Tensor input) => input.isfinite();

    /// <summary>Random seeding and the default generator.</summary>
    public static class random
    {
        /// <summary>Seeds the default generator.</summary>
        public static Generator manual_seed(long seed) => torch.manual_seed(seed);

        /// <summary>The default generator's state (a uint8 tensor, as <c>torch.get_rng_state()</c>).</summary>
        public static Tensor get_rng_state() => default_generator.get_state();

        /// <summary>Restores the default generator's state.</summary>
        public static void set_rng_state(Tensor state) => default_generator.set_state(state);
    }

    private static readonly Lazy<Generator> DefaultGenerator = new(Generator.CreateDefault);

    /// <summary>The process-wide default CPU generator (used when no generator is passed).</summary>
    public static Generator default_generator => DefaultGenerator.Value;

    /// <summary>Seeds the default generator; returns it.</summary>
    public static Generator manual_seed(long seed)
    {
        NativeError.Check(NativeMethods.trn_manual_seed(seed));
        return default_generator;
    }

    /// <summary>The default generator's state.</summary>
    public static Tensor get_rng_state() => random.get_rng_state();

    /// <summary>Restores the default generator's state.</summary>
    public static void set_rng_state(Tensor state) => random.set_rng_state(state);

    /// <summary>Automatic differentiation entry points.</summary>
    public static class autograd
    {
        /// <summary>
        /// Accumulates gradients of <paramref name="tensors"/> into the leaves (or only into
        /// <paramref name="inputs"/>). Non-scalar outputs need their <paramref name="grad_tensors"/>.
        /// </summary>
        public static unsafe void backward(IReadOnlyList<Tensor> tensors, IReadOnlyList<Tensor?>? grad_tensors = null,
            bool? retain_graph = null, bool create_graph = false, IReadOnlyList<Tensor>? inputs = null)
        {
            ArgumentNullException.ThrowIfNull(tensors);
            var outputs = Tensor.Handles(tensors);
            var grads = grad_tensors is null ? [] : grad_tensors.Select(g => g?.Handle ?? 0).ToArray();
            var leaves = inputs is null ? [] : Tensor.Handles(inputs);
            fixed (nint* o = outputs)
            fixed (nint* g = grads)
            fixed (nint* l = leaves)
            {
                NativeError.Check(NativeMethods.trn_backward(o, outputs.Length, g, grads.Length,
                    retain_graph == true ? (byte)1 : (byte)0, retain_graph.HasValue ? (byte)1 : (byte)0,
                    create_graph ? (byte)1 : (byte)0, l, leaves.Length));
            }

            GC.KeepAlive(tensors);
            GC.KeepAlive(grad_tensors);
            GC.KeepAlive(inputs);
        }

        /// <summary>Gradients of <paramref name="outputs"/> with respect to <paramref name="inputs"/> (null where unused).</summary>
        public static unsafe Tensor?[] grad(IReadOnlyList<Tensor> outputs, IReadOnlyList<Tensor> inputs,
            IReadOnlyList<Tensor?>? grad_outputs = null, bool retain_graph = false, bool create_graph = false, bool allow_unused = false)
        {
            ArgumentNullException.ThrowIfNull(outputs);
            ArgumentNullException.ThrowIfNull(inputs);
            var o = Tensor.Handles(outputs);
            var i = Tensor.Handles(inputs);
            var g = grad_outputs is null ? [] : grad_outputs.Select(t => t?.Handle ?? 0).ToArray();
            int count;
            nint* array;
            fixed (nint* op = o)
            fixed (nint* ip = i)
            fixed (nint* gp = g)
            {
                array = NativeMethods.trn_autograd_grad(op, o.Length, ip, i.Length, gp, g.Length,
                    retain_graph ? (byte)1 : (byte)0, create_graph ? (byte)1 : (byte)0, allow_unused ? (byte)1 : (byte)0, &count);
            }

            GC.KeepAlive(outputs);
            GC.KeepAlive(inputs);
            GC.KeepAlive(grad_outputs);
            if (array is null) NativeError.Throw();
            try
            {
                var result = new Tensor?[count];
                for (var k = 0; k < count; k++) result[k] = Tensor.WrapOptional(array[k]);
                return result;
            }
            finally
            {
                NativeMethods.trn_free(array);
            }
        }
    }

    /// <summary>Linear algebra.</summary>
    public static class linalg
    {
        /// <summary>Singular value decomposition A = U diag(S) Vh (reduced unless <paramref name="full_matrices"/>).</summary>
        public static unsafe (Tensor U, Tensor S, Tensor Vh) svd(Tensor input, bool full_matrices = true)
        {
            nint u, s, vh;
            NativeError.Check(NativeMethods.trn_linalg_svd(input.Handle, full_matrices ? (byte)1 : (byte)0, &u, &s, &vh));
            GC.KeepAlive(input);
            return (new Tensor(u), new Tensor(s), new Tensor(vh));
        }

        /// <summary>QR decomposition; <paramref name="mode"/> is "reduced", "complete" or "r".</summary>
        public static unsafe (Tensor Q, Tensor R) qr(Tensor input, string mode = "reduced")
        {
            if (mode is not ("reduced" or "complete" or "r"))
                throw new ArgumentException($"qr mode must be 'reduced', 'complete' or 'r', got '{mode}'", nameof(mode));
            nint q, r;
            NativeError.Check(NativeMethods.trn_linalg_qr(input.Handle, mode, &q, &r));
            GC.KeepAlive(input);
            return (new Tensor(q), new Tensor(r));
        }

        /// <summary>The vector <paramref name="ord"/>-norm over all elements or over <paramref name="dims"/>.</summary>
        public static unsafe Tensor vector_norm(Tensor input, double ord = 2, long[]? dims = null, bool keepdim = false)
        {
            nint result;
            fixed (long* d = dims)
            {
                result = NativeMethods.trn_linalg_vector_norm(input.Handle, ord, d, dims?.Length ?? 0,
                    dims is null ? (byte)0 : (byte)1, keepdim ? (byte)1 : (byte)0);
            }

            GC.KeepAlive(input);
            return Tensor.Wrap(result);
        }
    }
}
