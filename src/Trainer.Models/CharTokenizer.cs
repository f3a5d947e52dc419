using System.Text;

namespace Training.Models;

/// <summary>
/// A character-level tokenizer: every distinct Unicode code point of a text is one token. Ids follow code point
/// order (Python's <c>sorted(set(text))</c>), so the same text gives the same vocabulary in C# and in the PyTorch
/// twin, whatever order the characters first appear in.
/// </summary>
public sealed class CharTokenizer
{
    private readonly Rune[] symbols;
    private readonly Dictionary<Rune, int> ids;

    /// <summary>Creates a tokenizer over <paramref name="vocabulary"/> (duplicates are merged, order is by code point).</summary>
    public CharTokenizer(IEnumerable<Rune> vocabulary)
    {
        ArgumentNullException.ThrowIfNull(vocabulary);
        symbols = vocabulary.Distinct().Order().ToArray();
        if (symbols.Length == 0) throw new ArgumentException("the vocabulary is empty", nameof(vocabulary));
        ids = new Dictionary<Rune, int>(symbols.Length);
        for (var i = 0; i < symbols.Length; i++) ids.Add(symbols[i], i);
    }

    /// <summary>The tokenizer whose vocabulary is every character of <paramref name="text"/>.</summary>
    public static CharTokenizer FromText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        return new CharTokenizer(text.EnumerateRunes().ToHashSet());
    }

    /// <summary>The number of tokens.</summary>
    public int VocabSize => symbols.Length;

    /// <summary>The characters, indexed by token id.</summary>
    public IReadOnlyList<Rune> Vocabulary => symbols;

    /// <summary>True when <paramref name="character"/> has a token.</summary>
    public bool Contains(Rune character) => ids.ContainsKey(character);

    /// <summary>The token ids of <paramref name="text"/>; a character outside the vocabulary throws.</summary>
    public long[] Encode(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        // One id per code point: count first so the result is allocated once at its final size.
        var count = 0;
        foreach (var _ in text.EnumerateRunes()) count++;
        var result = new long[count];
        var i = 0;
        foreach (var rune in text.EnumerateRunes())
        {
            if (!ids.TryGetValue(rune, out var id))
                throw new ArgumentException($"character U+{rune.Value:X4} ('{rune}') at index {i} is not in the vocabulary", nameof(text));
            result[i++] = id;
        }

        return result;
    }

    /// <summary>The text of token ids; an id outside [0, <see cref="VocabSize"/>) throws.</summary>
    public string Decode(ReadOnlySpan<long> tokens)
    {
        var builder = new StringBuilder(tokens.Length);
        foreach (var id in tokens)
        {
            if (id < 0 || id >= symbols.Length)
                throw new ArgumentOutOfRangeException(nameof(tokens), id, $"token ids must lie in [0, {symbols.Length})");
            builder.Append(symbols[id].ToString());
        }

        return builder.ToString();
    }
}
