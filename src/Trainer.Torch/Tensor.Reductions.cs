using Training.Torch.Native;

namespace Training.Torch;

public partial class Tensor
{
    private unsafe Tensor Reduce(ReductionOp op, long[]? dims, bool keepdim, ScalarType? type)
    {
        nint result;
        fixed (long* d = dims)
        {
            result = NativeMethods.trn_reduce((int)op, Handle, d, dims?.Length ?? 0, dims is null ? (byte)0 : (byte)1,
                keepdim ? (byte)1 : (byte)0, type.HasValue ? (sbyte)type.Value : (sbyte)-1);
        }

        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Sum over one dimension.</summary>
    public Tensor sum(long dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Sum, [dim], keepdim, type);
    /// <summary>
    /// Sum over dimensions, or of all elements when <paramref name="dim"/> is null. (There is no
    /// <c>sum(ScalarType)</c> overload on purpose: the literal 0 converts to an enum, so <c>sum(0)</c> would
    /// silently mean "all elements as uint8" — a TorchSharp trap. Pass the dtype by name: <c>sum(type: ...)</c>.)
    /// </summary>
    public Tensor sum(long[]? dim = null, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Sum, dim, keepdim, type);
    /// <summary>Mean over one dimension.</summary>
    public Tensor mean(long dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Mean, [dim], keepdim, type);
    /// <summary>Mean over dimensions, or of all elements when <paramref name="dim"/> is null (see <see cref="sum(long[], bool, ScalarType?)"/>).</summary>
    public Tensor mean(long[]? dim = null, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Mean, dim, keepdim, type);
    /// <summary>Product of all elements.</summary>
    public Tensor prod() => Reduce(ReductionOp.Prod, null, false, null);
    /// <summary>Product over one dimension.</summary>
    public Tensor prod(long dim, bool keepdim = false, ScalarType? type = null) => Reduce(ReductionOp.Prod, [dim], keepdim, type);
    /// <summary>Sum of all elements, treating NaN as zero.</summary>
    public Tensor nansum() => Reduce(ReductionOp.NanSum, null, false, null);
    /// <summary>Largest element.</summary>
    public Tensor max() => Reduce(ReductionOp.Amax, null, false, null);
    /// <summary>Smallest element.</summary>
    public Tensor min() => Reduce(ReductionOp.Amin, null, false, null);
    /// <summary>Maximum over dimensions (values only).</summary>
    public Tensor amax(long[] dim, bool keepdim = false) => Reduce(ReductionOp.Amax, dim, keepdim, null);
    /// <summary>Maximum over one dimension (values only).</summary>
    public Tensor amax(long dim, bool keepdim = false) => Reduce(ReductionOp.Amax, [dim], keepdim, null);
    /// <summary>Minimum over dimensions (values only).</summary>
    public Tensor amin(long[] dim, bool keepdim = false) => Reduce(ReductionOp.Amin, dim, keepdim, null);
    /// <summary>Minimum over one dimension (values only).</summary>
    public Tensor amin(long dim, bool keepdim = false) => Reduce(ReductionOp.Amin, [dim], keepdim, null);
    /// <summary>True when every element is non-zero.</summary>
    public Tensor all() => Reduce(ReductionOp.All, null, false, null);
    /// <summary>Over one dimension: true when every element is non-zero.</summary>
    public Tensor all(long dim, bool keepdim = false) => Reduce(ReductionOp.All, [dim], keepdim, null);
    /// <summary>True when some element is non-zero.</summary>
    public Tensor any() => Reduce(ReductionOp.Any, null, false, null);
    /// <summary>Over one dimension: true when some element is non-zero.</summary>
    public Tensor any(long dim, bool keepdim = false) => Reduce(ReductionOp.Any, [dim], keepdim, null);
    /// <summary>log(sum(exp(this))) over all elements, computed stably.</summary>
    public Tensor logsumexp() => Reduce(ReductionOp.LogSumExp, null, false, null);
    /// <summary>log(sum(exp(this))) over one dimension, computed stably.</summary>
    public Tensor logsumexp(long dim, bool keepdim = false) => Reduce(ReductionOp.LogSumExp, [dim], keepdim, null);

    private (Tensor values, Tensor indexes) ValuesIndices(int kind, long dim, bool flag)
    {
        nint values, indices;
        unsafe
        {
            NativeError.Check(NativeMethods.trn_values_indices(kind, Handle, dim, flag ? (byte)1 : (byte)0, &values, &indices));
        }

        GC.KeepAlive(this);
        return (new Tensor(values), new Tensor(indices));
    }

    /// <summary>Maximum along a dimension, with the index of each maximum.</summary>
    public (Tensor values, Tensor indexes) max(long dim, bool keepdim = false) => ValuesIndices(0, dim, keepdim);
    /// <summary>Minimum along a dimension, with the index of each minimum.</summary>
    public (Tensor values, Tensor indexes) min(long dim, bool keepdim = false) => ValuesIndices(1, dim, keepdim);
    /// <summary>Sorts along a dimension; returns the sorted values and their original indices.</summary>
    public (Tensor values, Tensor indices) sort(long dim = -1, bool descending = false) => ValuesIndices(2, dim, descending);
    /// <summary>Median along a dimension, with its index.</summary>
    public (Tensor values, Tensor indices) median(long dim, bool keepdim = false) => ValuesIndices(3, dim, keepdim);

    /// <summary>The k largest (or smallest) elements along a dimension, with their indices.</summary>
    public unsafe (Tensor values, Tensor indices) topk(int k, int dim = -1, bool largest = true, bool sorted = true)
    {
        nint values, indices;
        NativeError.Check(NativeMethods.trn_topk(Handle, k, dim, largest ? (byte)1 : (byte)0, sorted ? (byte)1 : (byte)0, &values, &indices));
        GC.KeepAlive(this);
        return (new Tensor(values), new Tensor(indices));
    }

    private Tensor ArgExtreme(int kind, long? dim, bool keepdim)
    {
        var result = NativeMethods.trn_arg_extreme(kind, Handle, dim ?? 0, dim.HasValue ? (byte)1 : (byte)0, keepdim ? (byte)1 : (byte)0);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Index of the largest element (over the flattened tensor when <paramref name="dim"/> is null).</summary>
    public Tensor argmax(long? dim = null, bool keepdim = false) => ArgExtreme(0, dim, keepdim);
    /// <summary>Index of the smallest element (over the flattened tensor when <paramref name="dim"/> is null).</summary>
    public Tensor argmin(long? dim = null, bool keepdim = false) => ArgExtreme(1, dim, keepdim);

    /// <summary>The p-norm of all elements (2 = Euclidean).</summary>
    public Tensor norm(double p = 2.0) => Norm(p, null, false);
    /// <summary>The p-norm over one dimension.</summary>
    public Tensor norm(long dim, bool keepdim = false, double p = 2.0) => Norm(p, [dim], keepdim);
    /// <summary>The p-norm over dimensions.</summary>
    public Tensor norm(long[] dim, bool keepdim = false, double p = 2.0) => Norm(p, dim, keepdim);

    private unsafe Tensor Norm(double p, long[]? dims, bool keepdim)
    {
        nint result;
        fixed (long* d = dims)
        {
            result = NativeMethods.trn_norm(Handle, p, d, dims?.Length ?? 0, dims is null ? (byte)0 : (byte)1, keepdim ? (byte)1 : (byte)0);
        }

        GC.KeepAlive(this);
        return Wrap(result);
    }

    private unsafe Tensor VarStd(int kind, long[]? dims, bool unbiased, bool keepdim)
    {
        nint result;
        fixed (long* d = dims)
        {
            result = NativeMethods.trn_var_std(kind, Handle, d, dims?.Length ?? 0, dims is null ? (byte)0 : (byte)1,
                unbiased ? 1 : 0, keepdim ? (byte)1 : (byte)0);
        }

        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Variance of all elements (unbiased by default, as in PyTorch).</summary>
    public Tensor var(bool unbiased = true) => VarStd(0, null, unbiased, false);
    /// <summary>Variance over one dimension.</summary>
    public Tensor var(long dim, bool unbiased = true, bool keepdim = false) => VarStd(0, [dim], unbiased, keepdim);
    /// <summary>Variance over dimensions.</summary>
    public Tensor var(long[] dim, bool unbiased = true, bool keepdim = false) => VarStd(0, dim, unbiased, keepdim);
    /// <summary>Standard deviation of all elements (unbiased by default).</summary>
    public Tensor std(bool unbiased = true) => VarStd(1, null, unbiased, false);
    /// <summary>Standard deviation over one dimension.</summary>
    public Tensor std(long dim, bool unbiased = true, bool keepdim = false) => VarStd(1, [dim], unbiased, keepdim);

    /// <summary>Cumulative sum along a dimension.</summary>
    public Tensor cumsum(long dim, ScalarType? type = null) => Cumulative(0, dim, type);
    /// <summary>Cumulative product along a dimension.</summary>
    public Tensor cumprod(long dim, ScalarType? type = null) => Cumulative(1, dim, type);

    private Tensor Cumulative(int kind, long dim, ScalarType? type)
    {
        var result = NativeMethods.trn_cumulative(kind, Handle, dim, type.HasValue ? (sbyte)type.Value : (sbyte)-1);
        GC.KeepAlive(this);
        return Wrap(result);
    }
}
