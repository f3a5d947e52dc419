using System.Reflection;

namespace Training.TorchExtensions;

/// <summary>
/// Live-tensor counting for leak tests and memory measurements. TorchSharp counts managed tensor wrappers in
/// <c>Tensor.TotalCount</c> and their maximum in <c>Tensor.PeakCount</c>, but only ever raises the peak (no public
/// reset), so measuring how many tensors one call keeps alive at once needs the reset here.
/// </summary>
public static class LiveTensors
{
    // TorchSharp 0.107's private counter behind Tensor.PeakCount; a newer TorchSharp that renames it fails loudly here.
    private static readonly FieldInfo Peak = typeof(Tensor).GetField("_peakCount", BindingFlags.NonPublic | BindingFlags.Static)
        ?? throw new MissingFieldException(typeof(Tensor).FullName, "_peakCount");

    /// <summary>The number of managed tensors alive now (<c>Tensor.TotalCount</c>).</summary>
    public static long Count => Tensor.TotalCount;

    /// <summary>The most managed tensors alive at once since the last <see cref="ResetPeak"/> (<c>Tensor.PeakCount</c>).</summary>
    public static long PeakCount => Tensor.PeakCount;

    /// <summary>Sets the peak to the number of tensors alive now, so the next <see cref="PeakCount"/> measures from here.</summary>
    public static void ResetPeak() => Peak.SetValue(null, Tensor.TotalCount);
}
