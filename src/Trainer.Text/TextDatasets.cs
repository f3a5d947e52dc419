using System.Text.Json;
using Microsoft.Extensions.Logging;
using Training.Core;

namespace Training.Text;

/// <summary>
/// Datasets from files, tokenized: a plain text file, or JSON Lines with a <c>text</c> field (both concatenated and cut
/// into blocks, as Transformers' run_clm) or <c>prompt</c>/<c>completion</c> fields (one example per record, the loss
/// on the completion only).
/// </summary>
public static partial class TextDatasets
{
    /// <summary>
    /// The whole file tokenized as one text (newlines kept) and cut into blocks of <see cref="TextDatasetOptions.BlockSize"/>
    /// tokens, the remainder dropped (run_clm's <c>group_texts</c>).
    /// </summary>
    /// <exception cref="TextDatasetException">The file cannot be read, or holds fewer tokens than one block.</exception>
    public static TokenBlockDataset FromTextFile(string path, PretrainedTokenizer tokenizer, TextDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new TextDatasetOptions();
        options.Validate();
        using var stream = Open(path);
        var log = new TokenizationLog(path, stream.Length, options, tokenizer.Name);
        var ids = TextFileTokenizer.Tokenize(path, tokenizer, log, stream);
        return Blocks(path, ids, options, log, "");
    }

    /// <summary>
    /// A JSON Lines file: every non-blank line an object with a string <c>text</c> (documents, joined with the
    /// end-of-text token between them and cut into blocks), or with strings <c>prompt</c> and <c>completion</c>
    /// (a <see cref="PromptCompletionDataset"/>). All records must be of the first record's kind; other fields are ignored.
    /// </summary>
    /// <exception cref="TextDatasetException">
    /// The file cannot be read; a line is not a JSON object or has neither kind of field (named by line number); or
    /// nothing is left after tokenization.
    /// </exception>
    public static TokenizedTextDataset FromJsonLines(string path, PretrainedTokenizer tokenizer, TextDatasetOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(tokenizer);
        options ??= new TextDatasetOptions();
        options.Validate();
        using var stream = Open(path);
        var log = new TokenizationLog(path, stream.Length, options, tokenizer.Name);
        using var reader = new StreamReader(stream);
        RecordKind? kind = null;
        var firstLine = 0;
        var ids = new List<int>();
        var examples = new List<TokenizedExample>();
        long tokens = 0;
        var dropped = 0;
        var lineNumber = 0;
        var documents = 0;
        var reported = 0L;
        while (ReadLine(reader, path, lineNumber + 1) is { } line)
        {
            lineNumber++;
            if (string.IsNullOrWhiteSpace(line)) continue;
            var record = Record.Parse(line, path, lineNumber);
            if (kind is null)
            {
                (kind, firstLine) = (record.Kind, lineNumber);
                if (kind == RecordKind.Text && tokenizer.EosTokenId is null)
                    throw new TextDatasetException(path, lineNumber, $"documents are joined with the end-of-text token, and the tokenizer {tokenizer.Name} has none");
            }
            else if (record.Kind != kind)
            {
                throw new TextDatasetException(path, lineNumber, $"is a {Describe(record.Kind)} record, but the file's first record (line {firstLine}) is a {Describe(kind.Value)} one: use one kind per file");
            }

            if (record.Kind == RecordKind.Text)
            {
                if (documents++ > 0) ids.Add(tokenizer.EosTokenId!.Value);
                tokenizer.Encode(record.Text, ids);
                tokens = ids.Count;
            }
            else
            {
                var example = PromptCompletion(tokenizer, record, options.BlockSize, out var count);
                tokens += count;
                if (example is null) dropped++;
                else examples.Add(example);
            }

            if (stream.Position - reported >= 1 << 20)
            {
                reported = stream.Position;
                log.Report(stream.Position, tokens);
            }
        }

        if (kind is null) throw new TextDatasetException(path, null, "holds no record (every line is blank)");
        if (kind == RecordKind.Text) return Blocks(path, ids, options, log, " of 'text' records");
        if (dropped > 0 && options.Logger is { } logger)
            DroppedRecords(logger, path, dropped, lineNumber, options.BlockSize);
        if (examples.Count == 0)
            throw new TextDatasetException(path, null, $"has no example left: every one of the {dropped} prompts has at least BlockSize = {options.BlockSize} tokens, leaving no completion token to learn (raise BlockSize or shorten the prompts)");
        log.Done(tokens, examples.Count);
        return new PromptCompletionDataset(path, examples, tokens, options.BlockSize, dropped);
    }

    private static TokenizedExample? PromptCompletion(PretrainedTokenizer tokenizer, Record record, int blockSize, out int tokens)
    {
        var ids = new List<int>();
        tokenizer.Encode(record.Prompt, ids);
        var promptLength = ids.Count;
        tokenizer.Encode(record.Completion, ids);
        if (tokenizer.EosTokenId is int eos) ids.Add(eos);
        tokens = ids.Count;
        if (promptLength >= blockSize) return null;
        var length = Math.Min(ids.Count, blockSize);
        var inputs = ids.GetRange(0, length).ToArray();
        var labels = (int[])inputs.Clone();
        Array.Fill(labels, TokenCollator.IgnoreIndex, 0, promptLength);
        return new TokenizedExample(inputs, labels);
    }

    private static TokenBlockDataset Blocks(string path, List<int> ids, TextDatasetOptions options, TokenizationLog log, string what)
    {
        var blocks = ids.Count / options.BlockSize;
        if (blocks == 0)
            throw new TextDatasetException(path, null, $"has {ids.Count} tokens{what} after tokenization, fewer than BlockSize = {options.BlockSize}: not one block (lower BlockSize or give more text)");
        var kept = new int[blocks * options.BlockSize];
        ids.CopyTo(0, kept, 0, kept.Length);
        log.Done(ids.Count, blocks);
        return new TokenBlockDataset(path, kept, ids.Count, options.BlockSize);
    }

    private static FileStream Open(string path)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(path);
        try
        {
            return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16, FileOptions.SequentialScan);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            throw new TextDatasetException(path, null, $"cannot be read ({e.Message})", e);
        }
    }

    private static string? ReadLine(StreamReader reader, string path, int lineNumber)
    {
        try
        {
            return reader.ReadLine();
        }
        catch (IOException e)
        {
            throw new TextDatasetException(path, lineNumber, $"cannot be read ({e.Message})", e);
        }
    }

    private static string Describe(RecordKind kind) => kind == RecordKind.Text ? "'text'" : "'prompt'/'completion'";

    [LoggerMessage(Level = LogLevel.Warning, Message = "{Path}: {Dropped} of {Lines} prompts have at least BlockSize = {BlockSize} tokens; those records are left out (nothing of their completion would be learnt)")]
    private static partial void DroppedRecords(ILogger logger, string path, int dropped, int lines, int blockSize);

    private enum RecordKind
    {
        Text,
        PromptCompletion,
    }

    private readonly record struct Record(RecordKind Kind, string Text, string Prompt, string Completion)
    {
        public static Record Parse(string line, string path, int lineNumber)
        {
            JsonDocument document;
            try
            {
                document = JsonDocument.Parse(line);
            }
            catch (JsonException e)
            {
                throw new TextDatasetException(path, lineNumber, $"is not valid JSON ({e.Message})", e);
            }

            using (document)
            {
                var root = document.RootElement;
                if (root.ValueKind != JsonValueKind.Object) throw new TextDatasetException(path, lineNumber, $"must be a JSON object, found {root.ValueKind}");
                var text = Field(root, "text", path, lineNumber);
                var prompt = Field(root, "prompt", path, lineNumber);
                var completion = Field(root, "completion", path, lineNumber);
                if (text is not null && (prompt ?? completion) is not null)
                    throw new TextDatasetException(path, lineNumber, "has both 'text' and 'prompt'/'completion': a record is one or the other");
                if (text is not null) return new Record(RecordKind.Text, text, "", "");
                if (prompt is not null && completion is not null) return new Record(RecordKind.PromptCompletion, "", prompt, completion);
                var fields = string.Join(", ", root.EnumerateObject().Select(p => $"'{p.Name}'"));
                throw new TextDatasetException(path, lineNumber, prompt is not null || completion is not null
                    ? $"has '{(prompt is null ? "completion" : "prompt")}' without '{(prompt is null ? "prompt" : "completion")}'"
                    : $"has neither a 'text' field nor 'prompt' and 'completion' (its fields: {(fields.Length == 0 ? "none" : fields)})");
            }
        }

        private static string? Field(JsonElement root, string name, string path, int lineNumber)
        {
            if (!root.TryGetProperty(name, out var value) || value.ValueKind == JsonValueKind.Null) return null;
            return value.ValueKind == JsonValueKind.String ? value.GetString()
                : throw new TextDatasetException(path, lineNumber, $"'{name}' must be a string, found {value.ValueKind}");
        }
    }
}
