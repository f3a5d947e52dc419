using System.Text.RegularExpressions;
using Microsoft.ML.Tokenizers;

namespace Training.Text;

/// <summary>
/// Hugging Face's byte-level pre-tokenization: added tokens are split out first (longest first, as the tokenizers
/// library's leftmost-longest matcher), then each stretch between them is cut by the regex with "isolated"
/// behaviour — every match is a piece and so is every gap between matches (Microsoft.ML.Tokenizers'
/// <see cref="RegexPreTokenizer"/> drops gaps, which a pattern that does not cover every character would lose).
/// The regex runs on each stretch alone, so a lookahead never sees across an added token.
/// </summary>
internal sealed class ByteLevelPreTokenizer : PreTokenizer
{
    /// <summary>GPT-2's pattern (the tokenizers library's ByteLevel pre-tokenizer with <c>use_regex</c>).</summary>
    public const string Gpt2Pattern = @"'s|'t|'re|'ve|'m|'ll|'d| ?\p{L}+| ?\p{N}+| ?[^\s\p{L}\p{N}]+|\s+(?!\S)|\s+";

    private readonly Regex pattern;
    private readonly Regex? addedTokens;

    public ByteLevelPreTokenizer(string pattern, IEnumerable<string> addedTokens)
    {
        this.pattern = new Regex(pattern, RegexOptions.Compiled | RegexOptions.CultureInvariant);
        var alternatives = addedTokens.Where(t => t.Length > 0).Distinct(StringComparer.Ordinal).OrderByDescending(t => t.Length).Select(Regex.Escape).ToList();
        if (alternatives.Count > 0) this.addedTokens = new Regex(string.Join("|", alternatives), RegexOptions.Compiled | RegexOptions.CultureInvariant);
    }

    public override IEnumerable<(int Offset, int Length)> PreTokenize(string text) => text is null ? [] : Split(text.AsSpan());

    public override IEnumerable<(int Offset, int Length)> PreTokenize(ReadOnlySpan<char> text) => Split(text);

    private List<(int Offset, int Length)> Split(ReadOnlySpan<char> text)
    {
        var pieces = new List<(int Offset, int Length)>(text.Length / 4 + 1);
        var start = 0;
        if (addedTokens is not null)
        {
            foreach (var added in addedTokens.EnumerateMatches(text))
            {
                AddStretch(text, start, added.Index, pieces);
                pieces.Add((added.Index, added.Length));
                start = added.Index + added.Length;
            }
        }

        AddStretch(text, start, text.Length, pieces);
        return pieces;
    }

    private void AddStretch(ReadOnlySpan<char> text, int start, int end, List<(int Offset, int Length)> pieces)
    {
        var at = start;
        foreach (var match in pattern.EnumerateMatches(text[start..end]))
        {
            if (match.Length == 0) continue;
            var offset = start + match.Index;
            if (offset > at) pieces.Add((at, offset - at));
            pieces.Add((offset, match.Length));
            at = offset + match.Length;
        }

        if (end > at) pieces.Add((at, end - at));
    }
}
