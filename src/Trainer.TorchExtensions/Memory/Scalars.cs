namespace Training.TorchExtensions;

/// <summary>
/// Numbers handed to TorchSharp as <see cref="Scalar"/>s that stay alive through the native call they are passed to.
/// </summary>
/// <remarks>
/// TorchSharp 0.107 turns a number into a temporary <see cref="Scalar"/> (<c>t.mul_(0.5)</c>), passes its native handle
/// and keeps no reference to it; the Scalar's finalizer frees the native value, so a garbage collection during the call
/// (any thread allocating) can free it while libtorch reads it — seen as "toFloat at Scalar.h:140" under load (a stress
/// program with a collecting thread: 58 failures in 281,338 implicit <c>fill_</c> calls, none with held Scalars).
/// <see cref="Keep(double)"/> creates the Scalar and parks it in a ring of the calling thread's last
/// <see cref="RingSize"/> Scalars, which owns it and disposes it when its slot comes round again. A native call runs on
/// the thread that made its Scalars and returns before that thread makes <see cref="RingSize"/> more, so the value is
/// alive for the call, and released deterministically instead of by the finalizer. The analyzer rule TRN0001 refuses
/// the implicit conversion in src/.
/// The C# type of the number is kept (a double is a double Scalar, an int an integral one), so type promotion is what the
/// implicit conversion gave.
/// </remarks>
public static class Scalars
{
    /// <summary>How many Scalars each thread keeps alive; far more than one expression passes to one call.</summary>
    public const int RingSize = 256;

    [ThreadStatic] private static Scalar?[]? ring;
    [ThreadStatic] private static int next;

    /// <summary>A double Scalar alive for the native call it is passed to.</summary>
    public static Scalar Keep(double value) => Park(value.ToScalar());

    /// <summary>A float Scalar alive for the native call it is passed to.</summary>
    public static Scalar Keep(float value) => Park(value.ToScalar());

    /// <summary>An integral (int) Scalar alive for the native call it is passed to.</summary>
    public static Scalar Keep(int value) => Park(value.ToScalar());

    /// <summary>An integral (long) Scalar alive for the native call it is passed to.</summary>
    public static Scalar Keep(long value) => Park(value.ToScalar());

    /// <summary>A boolean Scalar alive for the native call it is passed to.</summary>
    public static Scalar Keep(bool value) => Park(value.ToScalar());

    private static Scalar Park(Scalar scalar)
    {
        var slots = ring ??= new Scalar?[RingSize];
        var slot = next;
        next = (slot + 1) % RingSize;
        slots[slot]?.Dispose();
        slots[slot] = scalar;
        return scalar;
    }
}
