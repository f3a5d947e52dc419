using System.Globalization;

namespace Training.Bench;

/// <summary>How the optimizer-step tables print a time and a ratio of times ("n/a" where a side did not run).</summary>
internal static class StepFormat
{
    public static string Ms(double? ms) => ms is null ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{ms:F1}");

    /// <summary><paramref name="ms"/> / <paramref name="baseline"/> as <c>1.23x</c>.</summary>
    public static string Ratio(double? ms, double? baseline) =>
        ms is null || baseline is not > 0 ? "n/a" : string.Create(CultureInfo.InvariantCulture, $"{ms / baseline:F2}x");
}
