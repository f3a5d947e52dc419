using System.Text;
using Microsoft.ML.Tokenizers;

namespace Training.Text;

/// <summary>
/// The normalization a byte-level tokenizer.json may ask for: Unicode NFC (<c>"normalizer": {"type": "NFC"}</c>)
/// and the ByteLevel pre-tokenizer's <c>add_prefix_space</c> (a space before text that does not start with one;
/// applied once to the whole text, where the tokenizers library applies it after each added token too).
/// </summary>
internal sealed class ByteLevelNormalizer(bool nfc, bool addPrefixSpace) : Normalizer
{
    public override string Normalize(string original)
    {
        ArgumentNullException.ThrowIfNull(original);
        var text = nfc ? original.Normalize(NormalizationForm.FormC) : original;
        return addPrefixSpace && text.Length > 0 && text[0] != ' ' ? " " + text : text;
    }

    public override string Normalize(ReadOnlySpan<char> original) => Normalize(original.ToString());
}
