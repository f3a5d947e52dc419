using System.Buffers.Binary;
using System.Text;

namespace Training.TorchExtensions;

/// <summary>
/// Writes a zip archive of uncompressed (STORED) entries the way PyTorch's <c>PyTorchStreamWriter</c>
/// does: each entry's data starts on a 64-byte boundary, reached with an "FB" extra field of 'Z'
/// padding in the local header, so readers can map storages without copying. Timestamps are fixed
/// (1980-01-01 00:00), so the same entries always give the same bytes. No zip64: an archive that
/// would exceed the 32-bit limits fails before anything past the limit is written.
/// </summary>
internal sealed class StoredZipWriter
{
    private const int Alignment = 64;
    private const int LocalHeaderSize = 30;
    private const ushort Version = 20;
    private const ushort Utf8Flag = 0x0800;
    private const ushort DosDate = (0 << 9) | (1 << 5) | 1;

    private readonly Stream stream;
    private readonly long limit;
    private readonly List<(byte[] Name, uint Crc, uint Size, uint Offset)> entries = [];
    private long position;

    /// <summary>Writes to <paramref name="stream"/>; <paramref name="limit"/> (the 32-bit zip limit) is lowered only by tests.</summary>
    public StoredZipWriter(Stream stream, long limit = uint.MaxValue)
    {
        this.stream = stream;
        this.limit = limit;
    }

    /// <summary>Appends one entry.</summary>
    public void Add(string name, ReadOnlySpan<byte> data)
    {
        var nameBytes = Encoding.UTF8.GetBytes(name);
        var padding = Padding(position + LocalHeaderSize + nameBytes.Length + 4);
        var offset = position;
        CheckLimit(offset + LocalHeaderSize + nameBytes.Length + 4 + padding + data.Length, name);
        var crc = Crc32.Compute(data);

        Span<byte> header = stackalloc byte[LocalHeaderSize];
        BinaryPrimitives.WriteUInt32LittleEndian(header, 0x04034b50);
        WriteCommon(header[4..], crc, (uint)data.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[26..], (ushort)nameBytes.Length);
        BinaryPrimitives.WriteUInt16LittleEndian(header[28..], (ushort)(4 + padding));
        Emit(header);
        Emit(nameBytes);
        Span<byte> extra = stackalloc byte[4 + padding];
        extra.Fill((byte)'Z');
        extra[0] = (byte)'F';
        extra[1] = (byte)'B';
        BinaryPrimitives.WriteUInt16LittleEndian(extra[2..], (ushort)padding);
        Emit(extra);
        Emit(data);
        entries.Add((nameBytes, crc, (uint)data.Length, (uint)offset));
    }

    /// <summary>Writes the central directory and the end record; the archive is complete afterwards.</summary>
    public void Finish()
    {
        if (entries.Count > ushort.MaxValue) throw new NotSupportedException($"{entries.Count} zip entries need zip64, which is not supported");
        var directoryStart = position;
        Span<byte> record = stackalloc byte[46];
        foreach (var (name, crc, size, offset) in entries)
        {
            CheckLimit(position + 46 + name.Length, "the central directory");
            record.Clear();
            BinaryPrimitives.WriteUInt32LittleEndian(record, 0x02014b50);
            BinaryPrimitives.WriteUInt16LittleEndian(record[4..], Version);
            WriteCommon(record[6..], crc, size);
            BinaryPrimitives.WriteUInt16LittleEndian(record[28..], (ushort)name.Length);
            BinaryPrimitives.WriteUInt32LittleEndian(record[42..], offset);
            Emit(record);
            Emit(name);
        }

        CheckLimit(position + 22, "the end record");
        Span<byte> end = stackalloc byte[22];
        end.Clear();
        BinaryPrimitives.WriteUInt32LittleEndian(end, 0x06054b50);
        BinaryPrimitives.WriteUInt16LittleEndian(end[8..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt16LittleEndian(end[10..], (ushort)entries.Count);
        BinaryPrimitives.WriteUInt32LittleEndian(end[12..], (uint)(position - directoryStart));
        BinaryPrimitives.WriteUInt32LittleEndian(end[16..], (uint)directoryStart);
        Emit(end);
    }

    /// <summary>Fields shared by local and central headers, from "version needed" to the uncompressed size.</summary>
    private static void WriteCommon(Span<byte> fields, uint crc, uint size)
    {
        BinaryPrimitives.WriteUInt16LittleEndian(fields, Version);
        BinaryPrimitives.WriteUInt16LittleEndian(fields[2..], Utf8Flag);
        BinaryPrimitives.WriteUInt16LittleEndian(fields[4..], 0); // STORED
        BinaryPrimitives.WriteUInt16LittleEndian(fields[6..], 0); // time 00:00:00
        BinaryPrimitives.WriteUInt16LittleEndian(fields[8..], DosDate);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[10..], crc);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[14..], size);
        BinaryPrimitives.WriteUInt32LittleEndian(fields[18..], size);
    }

    private static int Padding(long dataStart) => (int)((Alignment - dataStart % Alignment) % Alignment);

    private void CheckLimit(long end, string what)
    {
        if (end >= limit)
            throw new NotSupportedException($"writing {what} would take the archive to {end} bytes, past {limit}: archives of 4 GiB or more need zip64, which is not supported");
    }

    private void Emit(ReadOnlySpan<byte> bytes)
    {
        stream.Write(bytes);
        position += bytes.Length;
    }
}
