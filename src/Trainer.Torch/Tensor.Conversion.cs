using Training.Torch.Native;

namespace Training.Torch;

public partial class Tensor
{
    /// <summary>Converts to another element type (returns a new tensor; the same data when the type already matches).</summary>
    public Tensor to(ScalarType type, bool copy = false, bool disposeAfter = false)
    {
        var result = NativeMethods.trn_to_dtype(Handle, (sbyte)type, copy ? (byte)1 : (byte)0);
        GC.KeepAlive(this);
        var converted = Wrap(result);
        if (disposeAfter) Dispose();
        return converted;
    }

    /// <summary>Moves to a device: only the CPU exists in this build.</summary>
    public Tensor to(Device device, bool copy = false, bool disposeAfter = false)
    {
        Device.EnsureAvailable(device);
        var result = copy ? clone() : alias();
        if (disposeAfter) Dispose();
        return result;
    }

    /// <summary>Converts element type on a device (CPU only in this build).</summary>
    public Tensor to(ScalarType type, Device device, bool copy = false, bool disposeAfter = false)
    {
        Device.EnsureAvailable(device);
        return to(type, copy, disposeAfter);
    }

    /// <summary>TorchSharp's name for <see cref="to(ScalarType, bool, bool)"/>.</summary>
    public Tensor to_type(ScalarType type, bool copy = false, bool disposeAfter = false) => to(type, copy, disposeAfter);

    /// <summary>Converts to this tensor's dtype of <paramref name="other"/>.</summary>
    public Tensor type_as(Tensor other) => to(other.dtype);

    /// <summary>A new handle to the same tensor (same data and autograd identity), owned by the caller.</summary>
    public Tensor alias()
    {
        var result = NativeMethods.trn_tensor_alias(Handle);
        GC.KeepAlive(this);
        return Wrap(result);
    }

    /// <summary>This tensor on the CPU (an alias: it already is there).</summary>
    public Tensor cpu() => alias();

    /// <summary>Always fails: this build has no CUDA.</summary>
    public Tensor cuda() => to(new Device(DeviceType.CUDA));

    /// <summary>Converts to float32.</summary>
    public Tensor @float() => to(ScalarType.Float32);
    /// <summary>Converts to float64.</summary>
    public Tensor @double() => to(ScalarType.Float64);
    /// <summary>Converts to float16.</summary>
    public Tensor half() => to(ScalarType.Float16);
    /// <summary>Converts to bfloat16.</summary>
    public Tensor bfloat16() => to(ScalarType.BFloat16);
    /// <summary>Converts to int64.</summary>
    public Tensor @long() => to(ScalarType.Int64);
    /// <summary>Converts to int32.</summary>
    public Tensor @int() => to(ScalarType.Int32);
    /// <summary>Converts to bool.</summary>
    public Tensor @bool() => to(ScalarType.Bool);
    /// <summary>Converts to uint8.</summary>
    public Tensor @byte() => to(ScalarType.Byte);

    /// <summary>A copy with its own storage.</summary>
    public Tensor clone() => Unary(UnaryOp.Clone);

    /// <summary>This tensor laid out densely in row-major order (itself when it already is, as a new handle).</summary>
    public Tensor contiguous() => Unary(UnaryOp.Contiguous);

    // ---- in-place random fills (weight initialisation) ----

    private Tensor RandomFill(int kind, double a, double b, Generator? generator)
    {
        NativeError.Check(NativeMethods.trn_tensor_random_(Handle, kind, a, b, generator?.Handle ?? 0));
        GC.KeepAlive(this);
        GC.KeepAlive(generator);
        return this;
    }

    /// <summary>In place: samples from U(from, to).</summary>
    public Tensor uniform_(double from = 0, double to = 1, Generator? generator = null) => RandomFill(0, from, to, generator);
    /// <summary>In place: samples from N(mean, std²).</summary>
    public Tensor normal_(double mean = 0, double std = 1, Generator? generator = null) => RandomFill(1, mean, std, generator);
    /// <summary>In place: 1 with probability <paramref name="p"/>, else 0.</summary>
    public Tensor bernoulli_(double p = 0.5, Generator? generator = null) => RandomFill(2, p, 0, generator);
}
