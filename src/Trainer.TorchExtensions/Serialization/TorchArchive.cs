using System.IO.Compression;

namespace Training.TorchExtensions;

/// <summary>
/// The container of PyTorch's <c>torch.save</c> (since 1.6): a zip archive whose single top folder
/// (any name; PyTorch uses the file's stem) holds <c>data.pkl</c>, one <c>data/&lt;key&gt;</c> entry per
/// storage, <c>byteorder</c> and <c>version</c>. Writing uses <see cref="StoredZipWriter"/> (aligned,
/// deterministic); reading uses the framework's <see cref="ZipArchive"/>.
/// </summary>
internal static class TorchArchive
{
    private const string Folder = "archive";

    public static void Write(Stream stream, byte[] pickle, IReadOnlyList<StorageRecord> storages)
    {
        var zip = new StoredZipWriter(stream);
        zip.Add($"{Folder}/data.pkl", pickle);
        zip.Add($"{Folder}/byteorder", "little"u8);
        foreach (var storage in storages)
            TensorBytes.With(storage.Source, bytes => zip.Add($"{Folder}/data/{storage.Key}", bytes.Span));
        zip.Add($"{Folder}/version", "3\n"u8);
        zip.Finish();
    }

    /// <summary>Loads the value of the archive in a seekable <paramref name="stream"/>; <paramref name="name"/> names it in errors.</summary>
    public static object? Read(Stream stream, string name)
    {
        CheckMagic(stream, name);
        ZipArchive zip;
        try
        {
            zip = new ZipArchive(stream, ZipArchiveMode.Read, leaveOpen: true);
        }
        catch (InvalidDataException e)
        {
            throw FormatErrors.TorchSave(name, $"the zip archive is corrupt ({e.Message})", e);
        }

        using (zip)
        {
            var prefix = FindPrefix(zip, name);
            var pickle = ReadEntry(zip, $"{prefix}data.pkl", name, "the pickle");
            using var resolver = new TorchPickleResolver(name, key => FindEntry(zip, $"{prefix}data/{key}", name, $"storage '{key}'"));
            try
            {
                return new PickleReader(pickle, name, resolver).Load();
            }
            catch
            {
                foreach (var tensor in resolver.Created) tensor.Dispose();
                throw;
            }
        }
    }

    /// <summary>Tells a zip from the legacy (pre-1.6) format, which is a bare pickle stream, before parsing anything.</summary>
    private static void CheckMagic(Stream stream, string name)
    {
        var start = stream.Position;
        Span<byte> magic = stackalloc byte[4];
        var read = stream.ReadAtLeast(magic, magic.Length, throwOnEndOfStream: false);
        stream.Position = start;
        if (read == 4 && magic.SequenceEqual("PK\u0003\u0004"u8)) return;
        if (read >= 1 && magic[0] == PickleOpcodes.Proto)
            throw FormatErrors.TorchSave(name, "it is in the legacy (non-zip) torch.save format, which is not supported; " +
                                               "re-save it with PyTorch >= 1.6 (torch.save(torch.load(path), path))");
        throw FormatErrors.TorchSave(name, "it is not a zip archive (a torch.save file starts with 'PK\\x03\\x04')");
    }

    /// <summary>The folder holding data.pkl ("archive/" or whatever name the writer chose).</summary>
    private static string FindPrefix(ZipArchive zip, string name)
    {
        var pickles = zip.Entries.Where(e => e.FullName.EndsWith("/data.pkl", StringComparison.Ordinal) && e.FullName.Count(c => c == '/') == 1).ToList();
        if (pickles.Count == 1) return pickles[0].FullName[..^"data.pkl".Length];
        if (pickles.Count > 1) throw FormatErrors.TorchSave(name, "the archive holds more than one '<folder>/data.pkl'");
        var torchScript = zip.Entries.Any(e => e.FullName.EndsWith("/constants.pkl", StringComparison.Ordinal));
        throw FormatErrors.TorchSave(name, torchScript
            ? "it is a TorchScript archive (torch.jit.save), not a torch.save file"
            : "the archive has no '<folder>/data.pkl' record");
    }

    private static ZipArchiveEntry FindEntry(ZipArchive zip, string path, string name, string what) =>
        zip.GetEntry(path) ?? throw FormatErrors.TorchSave(name, $"{what} is missing: the archive has no entry '{path}'");

    private static byte[] ReadEntry(ZipArchive zip, string path, string name, string what)
    {
        var entry = FindEntry(zip, path, name, what);
        if (entry.Length > Array.MaxLength) throw FormatErrors.TorchSave(name, $"{what} ('{path}') has {entry.Length} bytes, more than one managed buffer holds");
        try
        {
            using var data = entry.Open();
            var bytes = new byte[entry.Length];
            data.ReadExactly(bytes);
            // Stricter than PyTorch, which never checks the CRC: a flipped byte in the pickle is an error, not a different value.
            var crc = Crc32.Compute(bytes);
            if (crc != entry.Crc32)
                throw FormatErrors.TorchSave(name, $"{what} ('{path}') fails its CRC-32 check (computed 0x{crc:x8}, the zip directory records 0x{entry.Crc32:x8}): its bytes were altered");
            return bytes;
        }
        catch (InvalidDataException e)
        {
            throw FormatErrors.TorchSave(name, $"{what} ('{path}') is corrupt ({e.Message})", e);
        }
        catch (EndOfStreamException e)
        {
            throw FormatErrors.TorchSave(name, $"{what} ('{path}') is truncated", e);
        }
    }
}
