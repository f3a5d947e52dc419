using System.IO.Compression;

namespace Training.TorchExtensions;

/// <summary>Reads a storage entry of a torch.save archive straight into a new 1-D tensor (no intermediate managed copy).</summary>
internal static class StorageReader
{
    private const int BufferSize = 1 << 20;

    /// <summary>
    /// The first <paramref name="numel"/> elements of <paramref name="entry"/> as a new CPU tensor of <paramref name="dtype"/>;
    /// the caller has checked that the entry is long enough. The whole entry is read, and its length and CRC-32 checked
    /// against the zip directory. <paramref name="fail"/> builds the error for a corrupt entry.
    /// </summary>
    public static Tensor Read(ZipArchiveEntry entry, ScalarType dtype, long numel, Func<string, Exception?, Exception> fail)
    {
        var data = torch.empty([numel], dtype);
        string? problem;
        try
        {
            using var stream = new CrcCheckingStream(entry.Open());
            // TorchSharp's Tensor.bytes is limited to 2 GB; reading through the stream API is not.
            data.ReadBytesFromStream(stream, BufferSize);
            problem = stream.Finish(entry.Length, entry.Crc32);
            if (problem is null) return data;
        }
        catch (InvalidDataException e)
        {
            data.Dispose();
            throw fail($"is corrupt ({e.Message})", e);
        }
        catch (EndOfStreamException e)
        {
            data.Dispose();
            throw fail("is truncated", e);
        }
        catch
        {
            data.Dispose();
            throw;
        }

        data.Dispose();
        throw fail(problem, null);
    }
}
