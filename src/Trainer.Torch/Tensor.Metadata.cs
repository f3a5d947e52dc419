using System.Runtime.InteropServices;
using Training.Torch.Native;

namespace Training.Torch;

public partial class Tensor
{
    private const int MaxInlineDims = 16;

    /// <summary>The sizes of every dimension.</summary>
    public unsafe long[] shape
    {
        get
        {
            var sizes = stackalloc long[MaxInlineDims];
            var n = NativeError.Check(NativeMethods.trn_tensor_shape(Handle, sizes, MaxInlineDims));
            var result = new long[n];
            if (n <= MaxInlineDims)
            {
                new ReadOnlySpan<long>(sizes, n).CopyTo(result);
            }
            else
            {
                fixed (long* all = result) NativeError.Check(NativeMethods.trn_tensor_shape(Handle, all, n));
            }

            GC.KeepAlive(this);
            return result;
        }
    }

    /// <summary>The strides of every dimension, in elements.</summary>
    public unsafe long[] stride()
    {
        var n = Math.Max(0, NativeError.Check(NativeMethods.trn_tensor_ndim(Handle)));
        var result = new long[n];
        fixed (long* p = result) NativeError.Check(NativeMethods.trn_tensor_strides(Handle, p, n));
        GC.KeepAlive(this);
        return result;
    }

    /// <summary>The number of dimensions.</summary>
    public long ndim => Dim();

    /// <summary>The number of dimensions.</summary>
    public long dim() => Dim();

    private int Dim()
    {
        var n = NativeError.Check(NativeMethods.trn_tensor_ndim(Handle));
        GC.KeepAlive(this);
        return n;
    }

    /// <summary>The size of one dimension (negative counts from the end).</summary>
    public long size(int dimension)
    {
        var sizes = shape;
        var d = dimension < 0 ? dimension + sizes.Length : dimension;
        if (d < 0 || d >= sizes.Length)
            throw new ArgumentOutOfRangeException(nameof(dimension), dimension, $"the tensor has {sizes.Length} dimensions");
        return sizes[d];
    }

    /// <summary>The number of elements.</summary>
    public long numel()
    {
        var n = NativeError.Check(NativeMethods.trn_tensor_numel(Handle));
        GC.KeepAlive(this);
        return n;
    }

    /// <summary>The element type.</summary>
    public ScalarType dtype
    {
        get
        {
            var code = NativeError.Check(NativeMethods.trn_tensor_dtype(Handle));
            GC.KeepAlive(this);
            return (ScalarType)code;
        }
    }

    /// <summary>The device (always the CPU in this build).</summary>
    public Device device => torch.CPU;

    /// <summary>The device type (always CPU in this build).</summary>
    public DeviceType device_type => DeviceType.CPU;

    /// <summary>Bytes per element.</summary>
    public long element_size()
    {
        var n = NativeError.Check(NativeMethods.trn_tensor_element_size(Handle));
        GC.KeepAlive(this);
        return n;
    }

    /// <summary>True when the elements are laid out densely in row-major order.</summary>
    public bool is_contiguous()
    {
        var r = NativeError.Check(NativeMethods.trn_tensor_is_contiguous(Handle)) != 0;
        GC.KeepAlive(this);
        return r;
    }

    /// <summary>The offset of the first element in the storage, in elements.</summary>
    public long storage_offset()
    {
        var n = NativeError.Check(NativeMethods.trn_tensor_storage_offset(Handle));
        GC.KeepAlive(this);
        return n;
    }

    /// <summary>The address of the underlying storage: equal for tensors that share memory (views).</summary>
    public nint StorageAddress
    {
        get
        {
            var address = NativeMethods.trn_tensor_storage_ptr(Handle);
            GC.KeepAlive(this);
            return address;
        }
    }

    /// <summary>The value of a one-element tensor, converted to <typeparamref name="T"/>.</summary>
    public unsafe T item<T>() where T : unmanaged
    {
        var type = ScalarTypeExtensions.ScalarTypeOf<T>();
        long storage = 0;
        NativeError.Check(NativeMethods.trn_tensor_item(Handle, (sbyte)type, &storage));
        GC.KeepAlive(this);
        return *(T*)&storage;
    }

    /// <summary>The value as a double (TorchSharp's <c>ToDouble()</c>).</summary>
    public double ToDouble() => item<double>();

    /// <summary>The value as a float (TorchSharp's <c>ToSingle()</c>).</summary>
    public float ToSingle() => item<float>();

    /// <summary>The value as a long (TorchSharp's <c>ToInt64()</c>).</summary>
    public long ToInt64() => item<long>();

    /// <summary>The value as a bool.</summary>
    public bool ToBoolean() => item<bool>();

    /// <summary>Copies every element, in row-major order, converted to <typeparamref name="T"/>.</summary>
    public T[] ToArray<T>() where T : unmanaged
    {
        var result = new T[checked((int)numel())];
        CopyTo<T>(result);
        return result;
    }

    /// <summary>Copies every element (row-major, converted to <typeparamref name="T"/>) into <paramref name="destination"/>.</summary>
    public unsafe void CopyTo<T>(Span<T> destination) where T : unmanaged
    {
        var count = numel();
        if (destination.Length != count)
            throw new ArgumentException($"destination has {destination.Length} elements but the tensor has {count}", nameof(destination));
        var type = ScalarTypeExtensions.ScalarTypeOf<T>();
        fixed (T* p = destination)
        {
            NativeError.Check(NativeMethods.trn_tensor_copy_to(Handle, (sbyte)type, p, count * sizeof(T)));
        }

        GC.KeepAlive(this);
    }

    /// <summary>The elements as a managed array (a copy), like TorchSharp's <c>data&lt;T&gt;().ToArray()</c>.</summary>
    public T[] data<T>() where T : unmanaged
    {
        if (dtype != ScalarTypeExtensions.ScalarTypeOf<T>())
            throw new ArgumentException($"data<{typeof(T).Name}>() needs a tensor of that element type, this one is {dtype}");
        return ToArray<T>();
    }

    /// <summary>Copies the tensor's raw bytes (row-major, in its own dtype).</summary>
    public unsafe byte[] ToBytes()
    {
        var bytes = new byte[checked((int)(numel() * element_size()))];
        fixed (byte* p = bytes)
        {
            NativeError.Check(NativeMethods.trn_tensor_copy_to(Handle, (sbyte)dtype, p, bytes.Length));
        }

        GC.KeepAlive(this);
        return bytes;
    }

    /// <summary>Copies the tensor's raw bytes (row-major, in its own dtype) into a span of the exact size.</summary>
    public unsafe void CopyBytesTo(Span<byte> destination)
    {
        fixed (byte* p = destination)
        {
            NativeError.Check(NativeMethods.trn_tensor_copy_to(Handle, (sbyte)dtype, p, destination.Length));
        }

        GC.KeepAlive(this);
    }

    /// <summary>Overwrites every element from raw bytes in the tensor's own dtype (row-major).</summary>
    public unsafe Tensor CopyBytesFrom(ReadOnlySpan<byte> source)
    {
        fixed (byte* p = source)
        {
            NativeError.Check(NativeMethods.trn_tensor_copy_from(Handle, p, source.Length));
        }

        GC.KeepAlive(this);
        return this;
    }

    /// <summary>Overwrites every element from a span of the tensor's element type.</summary>
    public Tensor CopyFrom<T>(ReadOnlySpan<T> source) where T : unmanaged
    {
        if (dtype != ScalarTypeExtensions.ScalarTypeOf<T>())
            throw new ArgumentException($"CopyFrom<{typeof(T).Name}> needs a tensor of that element type, this one is {dtype}");
        return CopyBytesFrom(MemoryMarshal.AsBytes(source));
    }

    /// <summary>PyTorch's printed form of the tensor.</summary>
    public unsafe string ToString(bool withValues)
    {
        if (IsInvalid) return "Tensor(disposed)";
        if (!withValues) return $"Tensor(shape=[{string.Join(", ", shape)}], dtype={dtype})";
        var text = NativeError.ReadString(NativeMethods.trn_tensor_to_string(Handle));
        GC.KeepAlive(this);
        return text;
    }

    /// <summary>A short description: shape and dtype.</summary>
    public override string ToString() => ToString(false);
}
