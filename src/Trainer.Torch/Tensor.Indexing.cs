using Training.Torch.Native;

namespace Training.Torch;

public partial class Tensor
{
    /// <summary>Python-style indexing: <c>t[0]</c>, <c>t[.., 1..3]</c>, <c>t[mask]</c>. Setting writes into this tensor.</summary>
    public Tensor this[params TensorIndex[] indices]
    {
        get => index(indices);
        set => index_put_(value, indices);
    }

    /// <summary>The element or slice at <paramref name="i"/> along the first dimension.</summary>
    public Tensor this[long i]
    {
        get => index(i);
        set => index_put_(value, i);
    }

    /// <summary>The element or slice at (<paramref name="i"/>, <paramref name="j"/>).</summary>
    public Tensor this[long i, long j]
    {
        get => index(i, j);
        set => index_put_(value, i, j);
    }

    /// <summary>Indexes this tensor (see the indexer).</summary>
    public unsafe Tensor index(params TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var (kinds, values, tensors) = Encode(indices);
        nint result;
        fixed (long* k = kinds)
        fixed (long* v = values)
        fixed (nint* t = tensors)
        {
            result = NativeMethods.trn_index(Handle, k, v, t, indices.Length);
        }

        GC.KeepAlive(this);
        GC.KeepAlive(indices);
        return Wrap(result);
    }

    /// <summary>Writes <paramref name="value"/> (broadcast) into this tensor at <paramref name="indices"/>.</summary>
    public Tensor index_put_(Tensor value, params TensorIndex[] indices) => IndexPut(value, 0, indices);

    /// <summary>Writes a scalar into this tensor at <paramref name="indices"/>.</summary>
    public Tensor index_put_(Scalar value, params TensorIndex[] indices) => IndexPut(null, value, indices);

    private unsafe Tensor IndexPut(Tensor? value, Scalar scalar, TensorIndex[] indices)
    {
        ArgumentNullException.ThrowIfNull(indices);
        var (kinds, values, tensors) = Encode(indices);
        fixed (long* k = kinds)
        fixed (long* v = values)
        fixed (nint* t = tensors)
        {
            NativeError.Check(NativeMethods.trn_index_put_(Handle, k, v, t, indices.Length, value?.Handle ?? 0, scalar.Value));
        }

        GC.KeepAlive(this);
        GC.KeepAlive(value);
        GC.KeepAlive(indices);
        return this;
    }

    private static (long[] kinds, long[] values, nint[] tensors) Encode(TensorIndex[] indices)
    {
        var kinds = new long[indices.Length];
        var values = new long[indices.Length * 4];
        var tensors = new nint[indices.Length];
        for (var i = 0; i < indices.Length; i++)
        {
            var index = indices[i];
            kinds[i] = (long)index.Kind;
            values[4 * i] = index.Start;
            values[4 * i + 1] = index.Stop;
            values[4 * i + 2] = index.Step;
            values[4 * i + 3] = index.Flags;
            tensors[i] = index.Tensor?.Handle ?? 0;
        }

        return (kinds, values, tensors);
    }
}
