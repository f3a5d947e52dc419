using Training.Torch.Native;

namespace Training.Torch;

/// <summary>
/// The TorchSharp-shaped entry point: <c>using static Training.Torch.torch;</c> then <c>zeros(...)</c>,
/// <c>nn.Linear(...)</c>, <c>no_grad()</c>. Split over several files by area.
/// </summary>
public static partial class torch
{
    /// <summary>The CPU device.</summary>
    public static readonly Device CPU = new(DeviceType.CPU);

    /// <summary>float32.</summary>
    public const ScalarType float32 = ScalarType.Float32;
    /// <summary>float32.</summary>
    public const ScalarType @float = ScalarType.Float32;
    /// <summary>float64.</summary>
    public const ScalarType float64 = ScalarType.Float64;
    /// <summary>float64.</summary>
    public const ScalarType @double = ScalarType.Float64;
    /// <summary>float16.</summary>
    public const ScalarType float16 = ScalarType.Float16;
    /// <summary>float16.</summary>
    public const ScalarType half = ScalarType.Float16;
    /// <summary>bfloat16.</summary>
    public const ScalarType bfloat16 = ScalarType.BFloat16;
    /// <summary>int8.</summary>
    public const ScalarType int8 = ScalarType.Int8;
    /// <summary>uint8.</summary>
    public const ScalarType uint8 = ScalarType.Byte;
    /// <summary>int16.</summary>
    public const ScalarType int16 = ScalarType.Int16;
    /// <summary>int32.</summary>
    public const ScalarType int32 = ScalarType.Int32;
    /// <summary>int32.</summary>
    public const ScalarType @int = ScalarType.Int32;
    /// <summary>int64.</summary>
    public const ScalarType int64 = ScalarType.Int64;
    /// <summary>int64.</summary>
    public const ScalarType @long = ScalarType.Int64;
    /// <summary>bool.</summary>
    public const ScalarType @bool = ScalarType.Bool;

    /// <summary>Opens a dispose scope on this thread: tensors created until it is disposed are disposed with it.</summary>
    public static DisposeScope NewDisposeScope() => new();

    /// <summary>Runs <paramref name="expression"/> in a scope and moves its result out (all temporaries are freed).</summary>
    public static Tensor WrappedTensorDisposeScope(Func<Tensor> expression)
    {
        ArgumentNullException.ThrowIfNull(expression);
        using var scope = NewDisposeScope();
        return scope.MoveToOuter(expression());
    }

    /// <summary>Sets the number of intra-op threads (default: the processor count).</summary>
    public static void set_num_threads(int threads) => NativeError.Check(NativeMethods.trn_set_num_threads(threads));

    /// <summary>The number of intra-op threads.</summary>
    public static int get_num_threads() => NativeError.Check(NativeMethods.trn_get_num_threads());

    /// <summary>True for floating-point element types.</summary>
    public static bool is_floating_point(Tensor tensor) => tensor.dtype.IsFloatingPoint();

    /// <summary>CUDA is never available in this build (Debian's libtorch is CPU-only).</summary>
    public static class cuda
    {
        /// <summary>Always false.</summary>
        public static bool is_available() => false;

        /// <summary>Always zero.</summary>
        public static int device_count() => 0;
    }
}
