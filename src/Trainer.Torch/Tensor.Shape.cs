using Training.Torch.Native;

namespace Training.Torch;

public partial class Tensor
{
    private unsafe Tensor ShapeOperation(ShapeOp op, ReadOnlySpan<long> values)
    {
        nint result;
        fixed (long* v = values)
        {
            result = NativeMethods.trn_shape_op((int)op, Handle, v, values.Length);
        }

        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>A view with a new shape (one size may be -1); the tensor must be viewable (contiguous enough).</summary>
    public Tensor view(params long[] shape) => ShapeOperation(ShapeOp.View, shape);
    /// <summary>A tensor with a new shape: a view when possible, else a copy.</summary>
    public Tensor reshape(params long[] shape) => ShapeOperation(ShapeOp.Reshape, shape);
    /// <summary>A broadcast view to a larger shape (-1 keeps a size).</summary>
    public Tensor expand(params long[] sizes) => ShapeOperation(ShapeOp.Expand, sizes);
    /// <summary>A view with the dimensions reordered.</summary>
    public Tensor permute(params long[] dims) => ShapeOperation(ShapeOp.Permute, dims);
    /// <summary>Tiles the tensor along each dimension.</summary>
    public Tensor repeat(params long[] repeats) => ShapeOperation(ShapeOp.Repeat, repeats);
    /// <summary>A view shaped like <paramref name="other"/>.</summary>
    public Tensor view_as(Tensor other) => view(other.shape);
    /// <summary>A broadcast view shaped like <paramref name="other"/>.</summary>
    public Tensor expand_as(Tensor other) => expand(other.shape);

    /// <summary>
    /// A view of the same bytes as another dtype of equal element size (PyTorch's <c>view(dtype)</c>): a bit
    /// reinterpretation, not a conversion, e.g. float32 → int32 to read exponent fields exactly.
    /// </summary>
    public Tensor view(ScalarType dtype)
    {
        var result = NativeMethods.trn_view_dtype(Handle, (sbyte)dtype);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Swaps two dimensions (a view).</summary>
    public Tensor transpose(long dim0, long dim1)
    {
        var result = NativeMethods.trn_transpose(Handle, dim0, dim1);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Transposes a matrix (a view; tensors of up to 2 dimensions).</summary>
    public Tensor t()
    {
        var result = NativeMethods.trn_t(Handle);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>The transpose of a matrix (property form, as in TorchSharp's <c>T</c>).</summary>
    public Tensor T => t();

    /// <summary>Flattens dimensions <paramref name="start_dim"/>..<paramref name="end_dim"/> into one.</summary>
    public Tensor flatten(long start_dim = 0, long end_dim = -1)
    {
        var result = NativeMethods.trn_flatten(Handle, start_dim, end_dim);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Removes size-1 dimensions (all of them, or only <paramref name="dim"/>).</summary>
    public Tensor squeeze(long? dim = null)
    {
        var result = NativeMethods.trn_squeeze(Handle, dim ?? 0, dim.HasValue ? (byte)1 : (byte)0);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Inserts a size-1 dimension at <paramref name="dim"/>.</summary>
    public Tensor unsqueeze(long dim)
    {
        var result = NativeMethods.trn_unsqueeze(Handle, dim);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    private unsafe Tensor[] Split(SplitKind kind, long size, long[]? sizes, long dim)
    {
        int count;
        nint* array;
        fixed (long* s = sizes)
        {
            array = NativeMethods.trn_split((int)kind, Handle, size, s, sizes?.Length ?? 0, dim, &count);
        }

        GC.KeepAlive(this);
        return WrapArray(array, count);
    }

    /// <summary>Splits into pieces of <paramref name="size"/> along <paramref name="dim"/> (the last may be smaller).</summary>
    public Tensor[] split(long size, long dim = 0) => Split(SplitKind.BySize, size, null, dim);
    /// <summary>Splits into pieces of the given sizes along <paramref name="dim"/>.</summary>
    public Tensor[] split(long[] sizes, long dim = 0) => Split(SplitKind.BySizes, 0, sizes, dim);
    /// <summary>Splits into <paramref name="chunks"/> nearly equal pieces.</summary>
    public Tensor[] chunk(long chunks, long dim = 0) => Split(SplitKind.Chunk, chunks, null, dim);
    /// <summary>Removes a dimension, returning the slices along it.</summary>
    public Tensor[] unbind(long dim = 0) => Split(SplitKind.Unbind, 0, null, dim);

    /// <summary>A view of <paramref name="length"/> elements from <paramref name="start"/> along <paramref name="dim"/>.</summary>
    public Tensor narrow(long dim, long start, long length)
    {
        var result = NativeMethods.trn_narrow(Handle, dim, start, length);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>The slice at <paramref name="index"/> along <paramref name="dim"/> (that dimension is removed).</summary>
    public Tensor select(long dim, long index)
    {
        var result = NativeMethods.trn_select(Handle, dim, index);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>A strided view of [start, end) along <paramref name="dim"/>.</summary>
    public Tensor slice(long dim, long start, long end, long step = 1)
    {
        var result = NativeMethods.trn_slice(Handle, dim, start, end, step);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Gathers whole slices along <paramref name="dim"/> at the positions in <paramref name="index"/>.</summary>
    public Tensor index_select(long dim, Tensor index)
    {
        var result = NativeMethods.trn_index_select(Handle, dim, index.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(index);
        return Wrap(result);
    }

    /// <summary>Picks single elements along <paramref name="dim"/> at the positions in <paramref name="index"/>.</summary>
    public Tensor gather(long dim, Tensor index)
    {
        var result = NativeMethods.trn_gather(Handle, dim, index.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(index);
        return Wrap(result);
    }

    private Tensor Scatter(int kind, long dim, Tensor index, Tensor source, bool inplace)
    {
        var result = NativeMethods.trn_scatter(kind, Handle, dim, index.Handle, source.Handle, inplace ? (byte)1 : (byte)0);
        GC.KeepAlive(this);
        GC.KeepAlive(index);
        GC.KeepAlive(source);
        if (!inplace) return Wrap(result);
        // The shim hands back a second handle to this tensor; release it, the caller keeps `this`.
        NativeMethods.trn_tensor_dispose(NativeError.Check(result));
        return this;
    }

    /// <summary>Writes <paramref name="source"/>'s elements at the positions in <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor scatter(long dim, Tensor index, Tensor source) => Scatter(0, dim, index, source, false);
    /// <summary>In place form of <see cref="scatter(long, Tensor, Tensor)"/>.</summary>
    public Tensor scatter_(long dim, Tensor index, Tensor source) => Scatter(0, dim, index, source, true);
    /// <summary>Adds <paramref name="source"/>'s elements at the positions in <paramref name="index"/>.</summary>
    public Tensor scatter_add(long dim, Tensor index, Tensor source) => Scatter(1, dim, index, source, false);
    /// <summary>In place form of <see cref="scatter_add(long, Tensor, Tensor)"/>.</summary>
    public Tensor scatter_add_(long dim, Tensor index, Tensor source) => Scatter(1, dim, index, source, true);

    /// <summary>Writes <paramref name="value"/> at the positions in <paramref name="index"/> along <paramref name="dim"/>.</summary>
    public Tensor scatter(long dim, Tensor index, Scalar value)
    {
        var result = NativeMethods.trn_scatter_scalar(Handle, dim, index.Handle, value.Value, 0);
        GC.KeepAlive(this);
        GC.KeepAlive(index);
        return Wrap(result);
    }

    /// <summary>The lower triangle (elements above <paramref name="diagonal"/> zeroed).</summary>
    public Tensor tril(long diagonal = 0) => Triangle(0, diagonal);
    /// <summary>The upper triangle (elements below <paramref name="diagonal"/> zeroed).</summary>
    public Tensor triu(long diagonal = 0) => Triangle(1, diagonal);

    private Tensor Triangle(int kind, long diagonal)
    {
        var result = NativeMethods.trn_triangle(kind, Handle, diagonal);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Reverses the order of elements along dimensions.</summary>
    public unsafe Tensor flip(params long[] dims)
    {
        nint result;
        fixed (long* d = dims) result = NativeMethods.trn_flip(Handle, d, dims.Length);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>Rolls elements along dimensions (elements shifted past the end re-enter at the start).</summary>
    public unsafe Tensor roll(long[] shifts, long[] dims)
    {
        nint result;
        fixed (long* s = shifts)
        fixed (long* d = dims)
        {
            result = NativeMethods.trn_roll(Handle, s, shifts.Length, d, dims.Length);
        }

        GC.KeepAlive(this);
        return Wrap(result);
    }

    // ---- matrix products ----

    private Tensor Product(MatrixProduct kind, Tensor other)
    {
        var result = NativeMethods.trn_matmul((int)kind, Handle, other.Handle);
        GC.KeepAlive(this);
        GC.KeepAlive(other);
        return Wrap(result);
    }

    /// <summary>Matrix product with broadcasting (vectors, matrices and batches).</summary>
    public Tensor matmul(Tensor other) => Product(MatrixProduct.Matmul, other);
    /// <summary>Product of two matrices.</summary>
    public Tensor mm(Tensor other) => Product(MatrixProduct.Mm, other);
    /// <summary>Batched product of two 3-d tensors.</summary>
    public Tensor bmm(Tensor other) => Product(MatrixProduct.Bmm, other);
    /// <summary>Outer product of two vectors.</summary>
    public Tensor outer(Tensor other) => Product(MatrixProduct.Outer, other);
    /// <summary>Dot product of two vectors.</summary>
    public Tensor dot(Tensor other) => Product(MatrixProduct.Dot, other);
}
