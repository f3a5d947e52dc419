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

    /// <summary>
    /// The number of managed tensors alive once every unreachable tensor has been finalized. A baseline taken this way
    /// cannot fall later because the finalizer thread freed a tensor some earlier code dropped, which is what made
    /// leak counts taken after other tests flaky (measured: a baseline of 1599 fell to 1034 mid-test).
    /// </summary>
    public static long SettledCount()
    {
        for (var pass = 0; pass < 2; pass++)
        {
            GC.Collect();
            GC.WaitForPendingFinalizers();
        }
        return Tensor.TotalCount;
    }

    /// <summary>The most managed tensors alive at once since the last <see cref="ResetPeak"/> (<c>Tensor.PeakCount</c>).</summary>
    public static long PeakCount => Tensor.PeakCount;

    /// <summary>Sets the peak to the number of tensors alive now, so the next <see cref="PeakCount"/> measures from here.</summary>
    public static void ResetPeak() => Peak.SetValue(null, Tensor.TotalCount);
}
