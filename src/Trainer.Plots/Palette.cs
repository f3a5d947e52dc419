namespace Training.Plots;

/// <summary>The series colours (matplotlib's tab10, without its grey), assigned in order within a panel.</summary>
public static class Palette
{
    private static readonly string[] Colors = ["#1f77b4", "#ff7f0e", "#2ca02c", "#d62728", "#9467bd", "#8c564b", "#e377c2", "#bcbd22", "#17becf"];

    /// <summary>The colour of the <paramref name="index"/>-th series of a panel, as <c>#rrggbb</c>.</summary>
    public static string Color(int index) => Colors[((index % Colors.Length) + Colors.Length) % Colors.Length];
}
