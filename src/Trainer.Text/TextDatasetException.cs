namespace Training.Text;

/// <summary>
/// A text or JSON Lines dataset cannot be built: the file is unreadable, a line is malformed, or nothing is left after
/// tokenization. The message starts with the file (and line number, when one line is at fault).
/// </summary>
public sealed class TextDatasetException : Exception
{
    /// <summary>An error about <paramref name="path"/>, or about its line <paramref name="lineNumber"/> (1-based).</summary>
    public TextDatasetException(string path, int? lineNumber, string message, Exception? inner = null)
        : base($"{path}{(lineNumber is int line ? $":{line}" : "")}: {message}", inner)
    {
        Path = path;
        LineNumber = lineNumber;
    }

    /// <summary>The file.</summary>
    public string Path { get; }

    /// <summary>The line at fault (1-based), or null when the file as a whole is.</summary>
    public int? LineNumber { get; }
}
