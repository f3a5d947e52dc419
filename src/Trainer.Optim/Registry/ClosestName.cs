namespace Training.Optim;

/// <summary>Finds the registered name closest to a misspelt one (Levenshtein distance), for error messages.</summary>
public static class ClosestName
{
    /// <summary>The closest candidate, or null when nothing is reasonably close.</summary>
    public static string? Find(string wanted, IEnumerable<string> candidates)
    {
        ArgumentNullException.ThrowIfNull(wanted);
        ArgumentNullException.ThrowIfNull(candidates);
        var normalized = wanted.Trim().ToLowerInvariant();
        var best = candidates
            .Select(c => (Name: c, Distance: Distance(normalized, c.ToLowerInvariant())))
            .OrderBy(c => c.Distance).ThenBy(c => c.Name, StringComparer.Ordinal)
            .FirstOrDefault();
        // Beyond half the word's length a "suggestion" is noise.
        return best.Name is not null && best.Distance <= Math.Max(2, normalized.Length / 2) ? best.Name : null;
    }

    /// <summary>Edit distance with insertions, deletions, substitutions and adjacent transpositions.</summary>
    public static int Distance(string a, string b)
    {
        ArgumentNullException.ThrowIfNull(a);
        ArgumentNullException.ThrowIfNull(b);
        var d = new int[a.Length + 1, b.Length + 1];
        for (var i = 0; i <= a.Length; i++) d[i, 0] = i;
        for (var j = 0; j <= b.Length; j++) d[0, j] = j;
        for (var i = 1; i <= a.Length; i++)
        {
            for (var j = 1; j <= b.Length; j++)
            {
                var cost = a[i - 1] == b[j - 1] ? 0 : 1;
                d[i, j] = Math.Min(Math.Min(d[i - 1, j] + 1, d[i, j - 1] + 1), d[i - 1, j - 1] + cost);
                if (i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1])
                    d[i, j] = Math.Min(d[i, j], d[i - 2, j - 2] + 1);
            }
        }

        return d[a.Length, b.Length];
    }
}
