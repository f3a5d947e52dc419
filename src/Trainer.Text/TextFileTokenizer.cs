using System.Text;

namespace Training.Text;

/// <summary>
/// Tokenizes a whole text file as if it were one string, in chunks: a chunk ends just before a newline that follows
/// a letter or digit, where GPT-2's pre-tokenization always cuts (no piece runs from a letter or digit into
/// whitespace, and the piece after starts afresh at the newline), so the ids equal those of the whole text. Chunks
/// are encoded in parallel and joined in order.
/// </summary>
internal static class TextFileTokenizer
{
    private const int ChunkChars = 1 << 20;

    public static List<int> Tokenize(string path, PretrainedTokenizer tokenizer, TokenizationLog log, FileStream stream)
    {
        using var reader = new StreamReader(stream, Encoding.UTF8, detectEncodingFromByteOrderMarks: true, bufferSize: 1 << 16);
        var ids = new List<int>();
        var buffer = new char[ChunkChars];
        var filled = 0;
        var pending = new List<string>();
        var parallel = Math.Max(1, Environment.ProcessorCount);
        while (true)
        {
            var read = reader.ReadBlock(buffer, filled, buffer.Length - filled);
            filled += read;
            var end = filled < buffer.Length;
            var split = end ? filled : tokenizer.ChunksAtNewlines ? SafeSplit(buffer, filled) : -1;
            if (split <= 0 && !end)
            {
                // No cut point yet (a huge line, or a tokenizer that must see the text whole): read on.
                Array.Resize(ref buffer, buffer.Length * 2);
                continue;
            }

            pending.Add(new string(buffer, 0, split));
            Array.Copy(buffer, split, buffer, 0, filled - split);
            filled -= split;
            if (pending.Count == parallel || end)
            {
                Encode(pending, tokenizer, ids);
                log.Report(stream.Position, ids.Count);
            }

            if (end) return ids;
        }
    }

    private static void Encode(List<string> chunks, PretrainedTokenizer tokenizer, List<int> ids)
    {
        var encoded = new int[chunks.Count][];
        if (chunks.Count == 1) encoded[0] = tokenizer.Encode(chunks[0]);
        else Parallel.For(0, chunks.Count, i => encoded[i] = tokenizer.Encode(chunks[i]));
        foreach (var chunk in encoded) ids.AddRange(chunk);
        chunks.Clear();
    }

    // The last '\n' preceded by a letter or digit (never whitespace, whatever the regex's idea of \s).
    private static int SafeSplit(char[] buffer, int length)
    {
        for (var i = length - 1; i > 0; i--)
            if (buffer[i] == '\n' && char.IsLetterOrDigit(buffer[i - 1])) return i;
        return -1;
    }
}
