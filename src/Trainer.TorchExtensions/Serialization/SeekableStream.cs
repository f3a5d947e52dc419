namespace Training.TorchExtensions;

/// <summary>Readers here jump around (zip directories, tensor offsets); a forward-only stream is buffered in memory first.</summary>
internal static class SeekableStream
{
    public static T Read<T>(Stream stream, Func<Stream, T> read)
    {
        ArgumentNullException.ThrowIfNull(stream);
        if (stream.CanSeek) return read(stream);
        using var copy = new MemoryStream();
        stream.CopyTo(copy);
        copy.Position = 0;
        return read(copy);
    }

    /// <summary>Opens a file for reading with a buffer suited to large sequential reads.</summary>
    public static FileStream OpenFile(string path)
    {
        ArgumentException.ThrowIfNullOrEmpty(path);
        return new FileStream(path, FileMode.Open, FileAccess.Read, FileShare.Read, 1 << 16);
    }
}
