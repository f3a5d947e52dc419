using System.Globalization;

namespace Training.Bench;

/// <summary>
/// What a reference program (libtorch C++ or PyTorch) measured: ns per op keyed by line name, or
/// nothing and the reason it could not run. <see cref="Detail"/> says what ran (or why not).
/// </summary>
internal sealed record ReferenceResult(string Side, IReadOnlyDictionary<string, double>? NsPerOp, string Detail)
{
    public static ReferenceResult Unavailable(string side, string reason) => new(side, null, reason);

    /// <summary>
    /// Parses the `name value` lines the reference programs print ('#' lines are comments and become
    /// part of <see cref="Detail"/>).
    /// </summary>
    public static ReferenceResult Parse(string side, string output, string detail)
    {
        var values = new Dictionary<string, double>();
        var comments = new List<string> { detail };
        foreach (var line in output.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries))
        {
            if (line.StartsWith('#'))
            {
                comments.Add(line.TrimStart('#', ' '));
                continue;
            }

            var parts = line.Split(' ', StringSplitOptions.RemoveEmptyEntries);
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var ns))
                values[parts[0]] = ns;
        }

        return values.Count == 0
            ? Unavailable(side, $"{detail}: no measurements in its output")
            : new ReferenceResult(side, values, string.Join("; ", comments));
    }

    /// <summary>The measured ns per op of <paramref name="reference"/>, or null.</summary>
    public double? Get(string reference) => NsPerOp is not null && NsPerOp.TryGetValue(reference, out var ns) ? ns : null;
}
