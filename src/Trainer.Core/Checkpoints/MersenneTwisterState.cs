using System.Buffers.Binary;

namespace Training.Core;

/// <summary>
/// The checks libtorch's <c>CPUGeneratorImpl::set_state</c> applies to a CPU generator state (the
/// <c>CPUGeneratorImplState</c> struct: <c>the_initial_seed</c> int64 at 0, <c>left</c> int32 at 8, <c>seeded</c> int32
/// at 12, <c>next</c> uint64 at 16, then the 624-word state), done in managed code because a failing check in libtorch
/// aborts the process through TorchSharp instead of raising an exception.
/// </summary>
internal static class MersenneTwisterState
{
    private const int StateWords = 624;

    /// <summary>What libtorch would refuse in <paramref name="state"/>, or null when it is a valid engine.</summary>
    public static string? Problem(ReadOnlySpan<byte> state)
    {
        if (state.Length < 24) return $"{state.Length} bytes are too few";
        var left = BinaryPrimitives.ReadInt32LittleEndian(state[8..]);
        var seeded = BinaryPrimitives.ReadInt32LittleEndian(state[12..]);
        // libtorch keeps only the low 32 bits of 'next'.
        var next = (uint)BinaryPrimitives.ReadUInt64LittleEndian(state[16..]);
        if (seeded == 0) return "it was never seeded ('seeded' is 0)";
        if (left <= 0 || left > StateWords) return $"'left' is {left}, expected 1 to {StateWords}";
        if (next > StateWords) return $"'next' is {next}, expected 0 to {StateWords}";
        return null;
    }
}
