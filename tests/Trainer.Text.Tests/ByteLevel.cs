using System.Text;

namespace Training.Text.Tests;

/// <summary>GPT-2's bytes_to_unicode: the printable characters a byte-level BPE vocabulary spells bytes with.</summary>
internal static class ByteLevel
{
    private static readonly char[] Map = Build();

    /// <summary>The vocabulary spelling of <paramref name="bytes"/> ("Ġthe" for " the").</summary>
    public static string Spell(ReadOnlySpan<byte> bytes)
    {
        var builder = new StringBuilder(bytes.Length);
        foreach (var b in bytes) builder.Append(Map[b]);
        return builder.ToString();
    }

    /// <summary>The vocabulary spelling of a text's UTF-8 bytes.</summary>
    public static string Spell(string text) => Spell(Encoding.UTF8.GetBytes(text));

    /// <summary>The 256 single-byte tokens, in byte order.</summary>
    public static IEnumerable<string> Alphabet() => Map.Select(c => c.ToString());

    private static char[] Build()
    {
        var map = new char[256];
        var printable = new HashSet<int>(Enumerable.Range('!', '~' - '!' + 1).Concat(Enumerable.Range('¡', '¬' - '¡' + 1)).Concat(Enumerable.Range('®', 'ÿ' - '®' + 1)));
        var next = 0;
        for (var b = 0; b < 256; b++) map[b] = printable.Contains(b) ? (char)b : (char)(256 + next++);
        return map;
    }
}
