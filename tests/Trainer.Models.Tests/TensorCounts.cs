using System.Reflection;

namespace Training.Models.Tests;

/// <summary>
/// Resets <see cref="Tensor.PeakCount"/>, which TorchSharp 0.107 only ever raises (it has no public reset), so a test
/// can measure how many tensors are alive at once during one call.
/// </summary>
internal static class TensorCounts
{
    private static readonly FieldInfo Peak = typeof(Tensor).GetField("_peakCount", BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new MissingFieldException(typeof(Tensor).FullName, "_peakCount");

    /// <summary>Sets the peak to the number of tensors alive now.</summary>
    public static void ResetPeak() => Peak.SetValue(null, Tensor.TotalCount);
}
