using System.Globalization;
using System.Text;

namespace Training.Text;

/// <summary>
/// Writes a flat JSON object byte for byte as Transformers' tokenizer files are written —
/// <c>json.dumps(obj, indent=2, sort_keys=True, ensure_ascii=False) + "\n"</c>, UTF-8 — so a saved folder matches
/// what Python would save and two saves of one tokenizer are identical. Values are strings, integers, booleans or null.
/// </summary>
internal static class PythonJson
{
    /// <summary>The UTF-8 bytes of <paramref name="entries"/> as one JSON object, keys in code point order.</summary>
    public static byte[] Object(IEnumerable<KeyValuePair<string, object?>> entries)
    {
        var sorted = entries.OrderBy(e => e.Key, CodePointComparer.Instance).ToList();
        if (sorted.Count == 0) return Encoding.UTF8.GetBytes("{}\n");
        var json = new StringBuilder(sorted.Count * 16);
        json.Append("{\n");
        for (var i = 0; i < sorted.Count; i++)
        {
            json.Append("  ");
            String(json, sorted[i].Key);
            json.Append(": ");
            Value(json, sorted[i].Value);
            json.Append(i == sorted.Count - 1 ? "\n" : ",\n");
        }

        json.Append("}\n");
        return new UTF8Encoding(encoderShouldEmitUTF8Identifier: false).GetBytes(json.ToString());
    }

    private static void Value(StringBuilder json, object? value)
    {
        switch (value)
        {
            case null: json.Append("null"); break;
            case string s: String(json, s); break;
            case bool b: json.Append(b ? "true" : "false"); break;
            case int n: json.Append(n.ToString(CultureInfo.InvariantCulture)); break;
            case long n: json.Append(n.ToString(CultureInfo.InvariantCulture)); break;
            default: throw new ArgumentException($"a {value.GetType().Name} is not a JSON string, integer, boolean or null", nameof(value));
        }
    }

    // Python's ensure_ascii=False escapes only the quote, the backslash and the C0 controls; everything else is
    // written as itself. A lone surrogate (which Python could not encode to UTF-8 at all) is escaped so it survives.
    private static void String(StringBuilder json, string text)
    {
        json.Append('"');
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            switch (c)
            {
                case '"': json.Append("\\\""); break;
                case '\\': json.Append("\\\\"); break;
                case '\n': json.Append("\\n"); break;
                case '\r': json.Append("\\r"); break;
                case '\t': json.Append("\\t"); break;
                case '\b': json.Append("\\b"); break;
                case '\f': json.Append("\\f"); break;
                default:
                    var paired = char.IsHighSurrogate(c) ? i + 1 < text.Length && char.IsLowSurrogate(text[i + 1])
                        : char.IsLowSurrogate(c) ? i > 0 && char.IsHighSurrogate(text[i - 1]) : true;
                    if (c < ' ' || !paired) json.Append("\\u").Append(((int)c).ToString("x4", CultureInfo.InvariantCulture));
                    else json.Append(c);
                    break;
            }
        }

        json.Append('"');
    }

    /// <summary>Orders strings by Unicode code point, as Python sorts them (UTF-16 ordinal order puts U+E000–U+FFFF after the surrogate pairs).</summary>
    private sealed class CodePointComparer : IComparer<string>
    {
        public static readonly CodePointComparer Instance = new();

        public int Compare(string? x, string? y)
        {
            if (ReferenceEquals(x, y)) return 0;
            if (x is null) return -1;
            if (y is null) return 1;
            var length = Math.Min(x.Length, y.Length);
            for (var i = 0; i < length; i++)
                if (x[i] != y[i]) return Fix(x[i]) - Fix(y[i]);
            return x.Length - y.Length;
        }

        // Surrogates (parts of code points above U+FFFF) move above U+E000–U+FFFF, which move down into their place.
        private static int Fix(char c) => c >= 0xE000 ? c - 0x800 : c >= 0xD800 ? c + 0x2000 : c;
    }
}
