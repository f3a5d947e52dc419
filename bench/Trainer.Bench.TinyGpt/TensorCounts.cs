using System.Reflection;
using static TorchSharp.torch;

namespace Training.Bench.TinyGpt;

/// <summary>
/// Resets <see cref="Tensor.PeakCount"/>, which TorchSharp 0.107 only ever raises (it has no public reset), so the
/// benchmark can count the tensors alive at once during one step.
/// </summary>
internal static class TensorCounts
{
    private static readonly FieldInfo Peak = typeof(Tensor).GetField("_peakCount", BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new MissingFieldException(typeof(Tensor).FullName, "_peakCount");

    /// <summary>Sets the peak to the number of tensors alive now.</summary>
    public static void ResetPeak() => Peak.SetValue(null, Tensor.TotalCount);
}
