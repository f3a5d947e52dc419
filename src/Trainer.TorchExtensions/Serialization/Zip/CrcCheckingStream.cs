namespace Training.TorchExtensions;

/// <summary>
/// A read-only pass-through over a zip entry's data that computes the CRC-32 of what is read. PyTorch and the
/// framework's <see cref="System.IO.Compression.ZipArchive"/> never check an entry's CRC, so a flipped bit in a stored
/// (uncompressed) tensor would load as a wrong value; checking it turns that into an error naming the entry.
/// </summary>
internal sealed class CrcCheckingStream : Stream
{
    private readonly Stream inner;
    private uint crc;
    private long read;

    public CrcCheckingStream(Stream inner) => this.inner = inner;

    public override bool CanRead => true;

    public override bool CanSeek => false;

    public override bool CanWrite => false;

    public override long Length => throw new NotSupportedException();

    public override long Position
    {
        get => read;
        set => throw new NotSupportedException();
    }

    public override int Read(byte[] buffer, int offset, int count) => Read(buffer.AsSpan(offset, count));

    public override int Read(Span<byte> buffer)
    {
        var count = inner.Read(buffer);
        crc = Crc32.Append(crc, buffer[..count]);
        read += count;
        return count;
    }

    /// <summary>
    /// Reads what is left of the entry (a storage may be longer than the elements a tensor uses) and returns the problem
    /// when the bytes do not match the directory's length and CRC, or null when they do.
    /// </summary>
    public string? Finish(long expectedLength, uint expectedCrc)
    {
        var rest = new byte[1 << 16];
        while (Read(rest) > 0)
        {
        }

        if (read != expectedLength) return $"has {read} bytes where the zip directory declares {expectedLength}";
        return crc == expectedCrc ? null : $"fails its CRC-32 check (computed 0x{crc:x8}, the zip directory records 0x{expectedCrc:x8}): its bytes were altered";
    }

    public override void Flush()
    {
    }

    public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

    public override void SetLength(long value) => throw new NotSupportedException();

    public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();

    protected override void Dispose(bool disposing)
    {
        if (disposing) inner.Dispose();
        base.Dispose(disposing);
    }
}
