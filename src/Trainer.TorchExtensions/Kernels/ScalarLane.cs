using System.Runtime.CompilerServices;

namespace Training.TorchExtensions;

/// <summary>The kernels' element operations on one float: the tail after the last whole vector, and CPUs without SIMD.</summary>
internal readonly unsafe struct ScalarLane : IFloatLanes<float>
{
    public static int Count => 1;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Load(float* address) => *address;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static void Store(float value, float* address) => *address = value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Create(float value) => value;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Add(float a, float b) => a + b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Subtract(float a, float b) => a - b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Multiply(float a, float b) => a * b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Divide(float a, float b) => a / b;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Negate(float a) => -a;

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float FusedMultiplyAdd(float a, float b, float c) => MathF.FusedMultiplyAdd(a, b, c);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Abs(float a) => MathF.Abs(a);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sqrt(float value) => MathF.Sqrt(value);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Max(float a, float b) => MathF.Max(a, b);

    [MethodImpl(MethodImplOptions.AggressiveInlining)]
    public static float Sign(float value) => value > 0 ? 1f : value < 0 ? -1f : 0f;
}
