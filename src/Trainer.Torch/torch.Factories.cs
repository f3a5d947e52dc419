using System.Runtime.CompilerServices;
using System.Runtime.InteropServices;
using Training.Torch.Native;

namespace Training.Torch;

public static partial class torch
{
    private static sbyte Code(ScalarType? dtype) => dtype.HasValue ? (sbyte)dtype.Value : (sbyte)-1;

    private static byte Flag(bool value) => value ? (byte)1 : (byte)0;

    private static unsafe Tensor NewTensor(int kind, ReadOnlySpan<long> size, ScalarType? dtype, Device? device, bool requires_grad)
    {
        Device.EnsureAvailable(device);
        fixed (long* s = size) return Tensor.Wrap(NativeMethods.trn_tensor_new(kind, s, size.Length, Code(dtype), Flag(requires_grad)));
    }

    /// <summary>A tensor of zeros.</summary>
    public static Tensor zeros(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        NewTensor(0, size, dtype, device, requires_grad);
    /// <summary>A vector of zeros.</summary>
    public static Tensor zeros(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        NewTensor(0, [size], dtype, device, requires_grad);
    /// <summary>A matrix of zeros.</summary>
    public static Tensor zeros(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        NewTensor(0, [rows, columns], dtype, device, requires_grad);
    /// <summary>Zeros shaped (and typed) like <paramref name="other"/>.</summary>
    public static Tensor zeros_like(Tensor other, ScalarType? dtype = null, bool requires_grad = false) =>
        NewTensor(0, other.shape, dtype ?? other.dtype, null, requires_grad);

    /// <summary>A tensor of ones.</summary>
    public static Tensor ones(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        NewTensor(1, size, dtype, device, requires_grad);
    /// <summary>A vector of ones.</summary>
    public static Tensor ones(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        NewTensor(1, [size], dtype, device, requires_grad);
    /// <summary>A matrix of ones.</summary>
    public static Tensor ones(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        NewTensor(1, [rows, columns], dtype, device, requires_grad);
    /// <summary>Ones shaped (and typed) like <paramref name="other"/>.</summary>
    public static Tensor ones_like(Tensor other, ScalarType? dtype = null, bool requires_grad = false) =>
        NewTensor(1, other.shape, dtype ?? other.dtype, null, requires_grad);

    /// <summary>An uninitialised tensor.</summary>
    public static Tensor empty(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        NewTensor(2, size, dtype, device, requires_grad);
    /// <summary>An uninitialised vector.</summary>
    public static Tensor empty(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        NewTensor(2, [size], dtype, device, requires_grad);
    /// <summary>An uninitialised tensor shaped (and typed) like <paramref name="other"/>.</summary>
    public static Tensor empty_like(Tensor other, ScalarType? dtype = null, bool requires_grad = false) =>
        NewTensor(2, other.shape, dtype ?? other.dtype, null, requires_grad);

    /// <summary>A tensor filled with <paramref name="value"/> (dtype inferred from the value when not given).</summary>
    public static unsafe Tensor full(long[] size, Scalar value, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        Device.EnsureAvailable(device);
        fixed (long* s = size)
        {
            return Tensor.Wrap(NativeMethods.trn_tensor_full(s, size.Length, value.Value, Code(dtype), Flag(requires_grad)));
        }
    }

    /// <summary>A tensor shaped (and typed) like <paramref name="other"/> filled with <paramref name="value"/>.</summary>
    public static Tensor full_like(Tensor other, Scalar value, ScalarType? dtype = null) => full(other.shape, value, dtype ?? other.dtype);

    /// <summary>Values from <paramref name="start"/> (inclusive) to <paramref name="stop"/> (exclusive) by <paramref name="step"/>.</summary>
    public static Tensor arange(Scalar start, Scalar stop, Scalar step, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        Device.EnsureAvailable(device);
        return Tensor.Wrap(NativeMethods.trn_tensor_arange(start.Value, stop.Value, step.Value, Code(dtype), Flag(requires_grad)));
    }

    /// <summary>Values from <paramref name="start"/> to <paramref name="stop"/> (exclusive) by 1.</summary>
    public static Tensor arange(Scalar start, Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        arange(start, stop, 1, dtype, device, requires_grad);

    /// <summary>Values 0 .. <paramref name="stop"/> - 1.</summary>
    public static Tensor arange(Scalar stop, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) =>
        arange(0, stop, 1, dtype, device, requires_grad);

    /// <summary><paramref name="steps"/> evenly spaced values from start to end, both included.</summary>
    public static Tensor linspace(double start, double end, long steps, ScalarType? dtype = null) =>
        Tensor.Wrap(NativeMethods.trn_tensor_linspace(start, end, steps, Code(dtype)));

    /// <summary>An identity matrix (n x m, m defaulting to n).</summary>
    public static Tensor eye(long n, long? m = null, ScalarType? dtype = null) =>
        Tensor.Wrap(NativeMethods.trn_tensor_eye(n, m ?? n, Code(dtype)));

    private static unsafe Tensor RandomTensor(int kind, ReadOnlySpan<long> size, ScalarType? dtype, Device? device, bool requires_grad, Generator? generator)
    {
        Device.EnsureAvailable(device);
        nint result;
        fixed (long* s = size) result = NativeMethods.trn_tensor_random(kind, s, size.Length, Code(dtype), Flag(requires_grad), generator?.Handle ?? 0);
        GC.KeepAlive(generator);
        return Tensor.Wrap(result);
    }

    /// <summary>Samples from U[0, 1).</summary>
    public static Tensor rand(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        RandomTensor(0, size, dtype, device, requires_grad, generator);
    /// <summary>Samples from U[0, 1).</summary>
    public static Tensor rand(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        RandomTensor(0, [size], dtype, device, requires_grad, generator);
    /// <summary>Samples from U[0, 1).</summary>
    public static Tensor rand(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        RandomTensor(0, [rows, columns], dtype, device, requires_grad, generator);
    /// <summary>Samples from U[0, 1) shaped like <paramref name="other"/>.</summary>
    public static Tensor rand_like(Tensor other, Generator? generator = null) =>
        RandomTensor(0, other.shape, other.dtype, null, false, generator);

    /// <summary>Samples from N(0, 1).</summary>
    public static Tensor randn(long[] size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        RandomTensor(1, size, dtype, device, requires_grad, generator);
    /// <summary>Samples from N(0, 1).</summary>
    public static Tensor randn(long size, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        RandomTensor(1, [size], dtype, device, requires_grad, generator);
    /// <summary>Samples from N(0, 1).</summary>
    public static Tensor randn(long rows, long columns, ScalarType? dtype = null, Device? device = null, bool requires_grad = false, Generator? generator = null) =>
        RandomTensor(1, [rows, columns], dtype, device, requires_grad, generator);
    /// <summary>Samples from N(0, 1) shaped like <paramref name="other"/>.</summary>
    public static Tensor randn_like(Tensor other, Generator? generator = null) =>
        RandomTensor(1, other.shape, other.dtype, null, false, generator);

    /// <summary>Integers drawn uniformly from [<paramref name="low"/>, <paramref name="high"/>).</summary>
    public static unsafe Tensor randint(long low, long high, long[] size, ScalarType? dtype = null, Device? device = null, Generator? generator = null)
    {
        Device.EnsureAvailable(device);
        nint result;
        fixed (long* s = size) result = NativeMethods.trn_tensor_randint(low, high, s, size.Length, Code(dtype), generator?.Handle ?? 0);
        GC.KeepAlive(generator);
        return Tensor.Wrap(result);
    }

    /// <summary>Integers drawn uniformly from [0, <paramref name="high"/>).</summary>
    public static Tensor randint(long high, long[] size, ScalarType? dtype = null, Device? device = null, Generator? generator = null) =>
        randint(0, high, size, dtype, device, generator);

    /// <summary>A random permutation of 0 .. n - 1.</summary>
    public static Tensor randperm(long n, Generator? generator = null)
    {
        var result = NativeMethods.trn_tensor_randperm(n, generator?.Handle ?? 0);
        GC.KeepAlive(generator);
        return Tensor.Wrap(result);
    }

    /// <summary>Samples indices from the categorical distributions in the rows of <paramref name="probabilities"/>.</summary>
    public static Tensor multinomial(Tensor probabilities, long num_samples, bool replacement = false, Generator? generator = null)
    {
        var result = NativeMethods.trn_tensor_multinomial(probabilities.Handle, num_samples, Flag(replacement), generator?.Handle ?? 0);
        GC.KeepAlive(probabilities);
        GC.KeepAlive(generator);
        return Tensor.Wrap(result);
    }

    // ---- tensors from managed data (always a copy: the managed array can change afterwards) ----

    private static unsafe Tensor FromSpan<T>(ReadOnlySpan<T> data, ReadOnlySpan<long> shape, ScalarType? dtype, Device? device, bool requires_grad)
        where T : unmanaged
    {
        Device.EnsureAvailable(device);
        long expected = 1;
        foreach (var s in shape) expected *= s;
        if (expected != data.Length)
            throw new ArgumentException($"shape [{string.Join(", ", shape.ToArray())}] needs {expected} elements but {data.Length} were given", nameof(shape));
        var bytes = MemoryMarshal.AsBytes(data);
        var source = ScalarTypeExtensions.ScalarTypeOf<T>();
        nint result;
        fixed (byte* d = bytes)
        fixed (long* s = shape)
        {
            // requires_grad is applied after any dtype conversion, so the requested tensor is the leaf.
            result = NativeMethods.trn_tensor_from_bytes(d, bytes.Length, s, shape.Length, (sbyte)source,
                dtype is null || dtype == source ? Flag(requires_grad) : (byte)0);
        }

        var tensor = Tensor.Wrap(result);
        if (dtype is null || dtype == source) return tensor;
        var converted = tensor.to(dtype.Value, disposeAfter: true);
        return requires_grad ? converted.requires_grad_() : converted;
    }

    /// <summary>A 1-d tensor copied from an array.</summary>
    public static Tensor tensor<T>(T[] data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        FromSpan<T>(data, [data.Length], dtype, device, requires_grad);

    /// <summary>A tensor of the given shape copied from a row-major array.</summary>
    public static Tensor tensor<T>(T[] data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        FromSpan<T>(data, dimensions, dtype, device, requires_grad);

    /// <summary>A tensor of the given shape copied from a row-major span.</summary>
    public static Tensor tensor<T>(ReadOnlySpan<T> data, long[] dimensions, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        FromSpan(data, dimensions, dtype, device, requires_grad);

    /// <summary>A 0-d tensor holding one value.</summary>
    public static Tensor tensor<T>(T scalar, ScalarType? dtype = null, Device? device = null, bool requires_grad = false) where T : unmanaged =>
        FromSpan<T>([scalar], [], dtype, device, requires_grad);

    /// <summary>A tensor copied from a (possibly multi-dimensional) array such as <c>float[,]</c>; the shape follows the array's.</summary>
    public static Tensor from_array(Array data, ScalarType? dtype = null, Device? device = null, bool requires_grad = false)
    {
        ArgumentNullException.ThrowIfNull(data);
        var shape = new long[data.Rank];
        for (var i = 0; i < shape.Length; i++) shape[i] = data.GetLength(i);
        return data switch
        {
            _ when data.GetType().GetElementType() == typeof(float) => FromMultiDimensional<float>(data, shape, dtype, device, requires_grad),
            _ when data.GetType().GetElementType() == typeof(double) => FromMultiDimensional<double>(data, shape, dtype, device, requires_grad),
            _ when data.GetType().GetElementType() == typeof(long) => FromMultiDimensional<long>(data, shape, dtype, device, requires_grad),
            _ when data.GetType().GetElementType() == typeof(int) => FromMultiDimensional<int>(data, shape, dtype, device, requires_grad),
            _ when data.GetType().GetElementType() == typeof(short) => FromMultiDimensional<short>(data, shape, dtype, device, requires_grad),
            _ when data.GetType().GetElementType() == typeof(byte) => FromMultiDimensional<byte>(data, shape, dtype, device, requires_grad),
            _ when data.GetType().GetElementType() == typeof(sbyte) => FromMultiDimensional<sbyte>(data, shape, dtype, device, requires_grad),
            _ when data.GetType().GetElementType() == typeof(bool) => FromMultiDimensional<bool>(data, shape, dtype, device, requires_grad),
            _ when data.GetType().GetElementType() == typeof(Half) => FromMultiDimensional<Half>(data, shape, dtype, device, requires_grad),
            _ => throw new ArgumentException($"arrays of {data.GetType().GetElementType()?.Name} cannot become tensors", nameof(data)),
        };
    }

    private static Tensor FromMultiDimensional<T>(Array data, long[] shape, ScalarType? dtype, Device? device, bool requires_grad) where T : unmanaged
    {
        // A multi-dimensional array is one row-major block: view it as a flat span without copying.
        var flat = MemoryMarshal.CreateReadOnlySpan(ref Unsafe.As<byte, T>(ref MemoryMarshal.GetArrayDataReference(data)), data.Length);
        return FromSpan(flat, shape, dtype, device, requires_grad);
    }
}
