using System.Buffers.Binary;
using System.IO.Compression;

namespace Training.TorchExtensions.Tests.Serialization;

public class StoredZipWriterTests
{
    [Test]
    public void Crc32MatchesTheStandardCheckValue()
    {
        Assert.That(Crc32.Compute("123456789"u8), Is.EqualTo(0xCBF43926u));
        Assert.That(Crc32.Compute([]), Is.Zero);
    }

    [Test]
    public void WritesAStoredZipWithDataAlignedTo64Bytes()
    {
        var entries = new (string Name, byte[] Data)[]
        {
            ("archive/data.pkl", [1, 2, 3]), ("archive/data/0", new byte[100]), ("archive/empty", []), ("archive/data/1", [.. Enumerable.Range(0, 77).Select(i => (byte)i)]),
        };
        using var memory = new MemoryStream();
        var writer = new StoredZipWriter(memory);
        foreach (var (name, data) in entries) writer.Add(name, data);
        writer.Finish();
        var bytes = memory.ToArray();

        // Walk the local headers: every entry's data must start on a 64-byte boundary.
        var position = 0;
        foreach (var (name, data) in entries)
        {
            Assert.That(BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(position)), Is.EqualTo(0x04034b50u), name);
            var start = position + 30 + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position + 26)) + BinaryPrimitives.ReadUInt16LittleEndian(bytes.AsSpan(position + 28));
            Assert.That(start % 64, Is.Zero, $"{name} starts at {start}");
            Assert.That(bytes.AsSpan(start, data.Length).ToArray(), Is.EqualTo(data), name);
            position = start + data.Length;
        }

        using var zip = new ZipArchive(new MemoryStream(bytes), ZipArchiveMode.Read);
        Assert.That(zip.Entries.Select(e => e.FullName), Is.EqualTo(entries.Select(e => e.Name)));
        foreach (var (name, data) in entries)
        {
            var entry = zip.GetEntry(name)!;
            Assert.That(entry.CompressedLength, Is.EqualTo(data.Length), "stored, not compressed");
            Assert.That(entry.Crc32, Is.EqualTo(Crc32.Compute(data)));
            Assert.That(entry.LastWriteTime.Year, Is.EqualTo(1980), "fixed timestamp for deterministic files");
            using var content = new MemoryStream();
            entry.Open().CopyTo(content);
            Assert.That(content.ToArray(), Is.EqualTo(data));
        }
    }

    [Test]
    public void AnArchivePastTheZipLimitFailsBeforeWritingPastIt()
    {
        using var memory = new MemoryStream();
        var writer = new StoredZipWriter(memory, limit: 1000);
        writer.Add("archive/data/0", new byte[500]);

        Assert.That(() => writer.Add("archive/data/1", new byte[500]),
            Throws.TypeOf<NotSupportedException>().With.Message.Contains("archive/data/1").And.Message.Contains("need zip64"));
        Assert.That(memory.Length, Is.LessThan(1000));
    }
}
