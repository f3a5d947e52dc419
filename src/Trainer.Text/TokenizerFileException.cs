namespace Training.Text;

/// <summary>
/// A tokenizer file is missing, cannot be read, is malformed, or describes a tokenizer this library does not
/// support. <see cref="Path"/> names the file (or the folder, when no tokenizer file was found in it).
/// </summary>
public sealed class TokenizerFileException : Exception
{
    /// <summary>An error about <paramref name="path"/>; the message is prefixed with the path.</summary>
    public TokenizerFileException(string path, string message, Exception? inner = null) : base($"{path}: {message}", inner) => Path = path;

    /// <summary>The file or folder at fault.</summary>
    public string Path { get; }
}
