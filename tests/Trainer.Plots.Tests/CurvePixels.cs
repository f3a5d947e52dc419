using System.Globalization;

namespace Training.Plots.Tests;

/// <summary>Where a colour was drawn inside a panel's plot area of a rendered PNG.</summary>
public static class CurvePixels
{
    /// <summary>The bounding box (inclusive pixel columns and rows) of pixels close to any of <paramref name="colors"/> within the frame (plus <paramref name="margin"/>).</summary>
    public static (int Left, int Right, int Top, int Bottom)? Extent(PngImage image, PanelFrame frame, int margin, params string[] colors)
    {
        var targets = colors.Select(Parse).ToList();
        int left = int.MaxValue, right = int.MinValue, top = int.MaxValue, bottom = int.MinValue;
        for (var y = Math.Max(0, (int)frame.Top - margin); y <= Math.Min(image.Height - 1, (int)(frame.Top + frame.Height) + margin); y++)
        for (var x = Math.Max(0, (int)frame.Left - margin); x <= Math.Min(image.Width - 1, (int)(frame.Left + frame.Width) + margin); x++)
        {
            if (!targets.Any(t => Close(image[x, y], t))) continue;
            left = Math.Min(left, x);
            right = Math.Max(right, x);
            top = Math.Min(top, y);
            bottom = Math.Max(bottom, y);
        }

        return left == int.MaxValue ? null : (left, right, top, bottom);
    }

    /// <summary>True when a pixel of <paramref name="color"/> lies in columns <paramref name="x0"/>..<paramref name="x1"/> of the frame.</summary>
    public static bool AnyInColumns(PngImage image, PanelFrame frame, int x0, int x1, string color)
    {
        var target = Parse(color);
        for (var y = (int)frame.Top; y <= (int)(frame.Top + frame.Height); y++)
        for (var x = x0; x <= x1; x++)
            if (Close(image[x, y], target)) return true;
        return false;
    }

    // Mostly covered pixels of the curve's colour; the anti-aliased fringe (a blend with the white background) is not.
    private static bool Close((int R, int G, int B) a, (int R, int G, int B) b)
    {
        var d = Math.Sqrt(Math.Pow(a.R - b.R, 2) + Math.Pow(a.G - b.G, 2) + Math.Pow(a.B - b.B, 2));
        return d < 60;
    }

    private static (int R, int G, int B) Parse(string hex) =>
        (int.Parse(hex.AsSpan(1, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         int.Parse(hex.AsSpan(3, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture),
         int.Parse(hex.AsSpan(5, 2), NumberStyles.HexNumber, CultureInfo.InvariantCulture));
}
