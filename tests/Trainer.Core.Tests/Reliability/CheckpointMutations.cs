using System.Buffers.Binary;
using System.Collections;
using System.IO.Compression;
using System.Text;
using System.Text.Json.Nodes;

namespace Training.Core.Tests.Reliability;

/// <summary>Ways to damage one file of a checkpoint folder, each a precise edit of the real file's layout.</summary>
internal static class CheckpointMutations
{
    /// <summary>Rewrites the JSON header of a safetensors file, keeping its data bytes as they are.</summary>
    public static void EditSafetensorsHeader(string path, Action<JsonObject> edit)
    {
        var bytes = File.ReadAllBytes(path);
        var length = (int)BinaryPrimitives.ReadUInt64LittleEndian(bytes);
        var header = JsonNode.Parse(bytes.AsSpan(8, length))!.AsObject();
        edit(header);
        var json = Encoding.UTF8.GetBytes(header.ToJsonString());
        var result = new byte[8 + json.Length + bytes.Length - 8 - length];
        BinaryPrimitives.WriteUInt64LittleEndian(result, (ulong)json.Length);
        json.CopyTo(result, 8);
        bytes.AsSpan(8 + length).CopyTo(result.AsSpan(8 + json.Length));
        File.WriteAllBytes(path, result);
    }

    /// <summary>Loads the safetensors file, edits the tensors and saves it again (a well-formed file of other content).</summary>
    public static void EditWeights(string path, Action<Dictionary<string, Tensor>> edit)
    {
        using var scope = torch.NewDisposeScope();
        var weights = SafeTensors.Load(path);
        edit(weights);
        SafeTensors.Save(weights, path);
    }

    /// <summary>Loads a torch.save dictionary, edits it and saves it again (well-formed, other content).</summary>
    public static void EditTorchFile(string path, Action<IDictionary> edit)
    {
        using var scope = torch.NewDisposeScope();
        var value = (IDictionary)TorchFile.Load(path)!;
        edit(value);
        TorchFile.Save(value, path);
    }

    /// <summary>The optimizer state of parameter <paramref name="index"/> in a loaded optimizer state dict.</summary>
    public static IDictionary OptimizerState(IDictionary dict, long index) => (IDictionary)((IDictionary)dict["state"]!)[index]!;

    /// <summary>The first parameter group of a loaded optimizer state dict.</summary>
    public static IDictionary FirstGroup(IDictionary dict) => (IDictionary)((IList)dict["param_groups"]!)[0]!;

    /// <summary>Rewrites a zip archive entry by entry (stored, as torch.save writes them); <paramref name="edit"/> returns the new bytes.</summary>
    public static void EditZipEntries(string path, Func<string, byte[], byte[]> edit)
    {
        var entries = new List<(string Name, byte[] Data)>();
        using (var zip = ZipFile.OpenRead(path))
        {
            foreach (var entry in zip.Entries)
            {
                using var stream = entry.Open();
                using var memory = new MemoryStream();
                stream.CopyTo(memory);
                entries.Add((entry.FullName, memory.ToArray()));
            }
        }

        File.Delete(path);
        using var output = ZipFile.Open(path, ZipArchiveMode.Create);
        foreach (var (name, data) in entries)
        {
            using var stream = output.CreateEntry(name, CompressionLevel.NoCompression).Open();
            stream.Write(edit(name, data));
        }
    }

    /// <summary>Flips one byte in the middle of an entry's stored bytes, leaving the zip directory (and its CRC) as it was.</summary>
    public static void FlipByteInEntry(string path, string entryName)
    {
        byte[] data;
        using (var zip = ZipFile.OpenRead(path))
        {
            using var stream = zip.GetEntry(entryName)!.Open();
            using var memory = new MemoryStream();
            stream.CopyTo(memory);
            data = memory.ToArray();
        }

        var bytes = File.ReadAllBytes(path);
        var at = bytes.AsSpan().IndexOf(data);
        Assert.That(at, Is.GreaterThanOrEqualTo(0), $"the stored bytes of {entryName} were not found in {path}");
        bytes[at + (data.Length / 2)] ^= 0x10;
        File.WriteAllBytes(path, bytes);
    }

    /// <summary>Cuts the file to <paramref name="fraction"/> of its length.</summary>
    public static void Truncate(string path, double fraction)
    {
        var bytes = File.ReadAllBytes(path);
        File.WriteAllBytes(path, bytes[..(int)(bytes.Length * fraction)]);
    }

    /// <summary>Overwrites the bytes at <paramref name="offset"/>.</summary>
    public static void Overwrite(string path, int offset, byte[] replacement)
    {
        var bytes = File.ReadAllBytes(path);
        replacement.CopyTo(bytes, offset);
        File.WriteAllBytes(path, bytes);
    }
}
