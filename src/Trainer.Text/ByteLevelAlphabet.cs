using System.Text;

namespace Training.Text;

/// <summary>
/// GPT-2's bytes_to_unicode: the printable character a byte-level BPE vocabulary spells each byte with (the
/// printable Latin-1 bytes stand for themselves; the other 68 — controls, space, NBSP, soft hyphen — are moved to
/// U+0100 onwards, so the space is "Ġ" and " the" is spelled "Ġthe").
/// </summary>
internal static class ByteLevelAlphabet
{
    private static readonly char[] Map = Build();

    /// <summary>The vocabulary spelling of <paramref name="bytes"/>.</summary>
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
        static bool Printable(int b) => b is >= '!' and <= '~' or >= '¡' and <= '¬' or >= '®' and <= 'ÿ';
        var next = 0;
        for (var b = 0; b < 256; b++) map[b] = Printable(b) ? (char)b : (char)(256 + next++);
        return map;
    }
}
