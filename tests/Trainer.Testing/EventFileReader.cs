using System.Buffers.Binary;
using System.Text;

namespace Training.Testing;

/// <summary>One value of a TensorBoard event: its tag, its step, and a scalar, a text or a histogram's count.</summary>
public sealed record EventValue(string Tag, long Step, float? Scalar, string? Text, double? HistogramCount);

/// <summary>
/// Reads TensorBoard event files independently of TorchSharp: TFRecord framing (uint64 length, masked CRC32C of the
/// length, the data, masked CRC32C of the data — both CRCs verified) and just enough of the Event/Summary protobuf
/// (Event: 2 step, 3 file_version, 5 summary; Summary: 1 value; Value: 1 tag, 2 simple_value, 5 histo, 8 tensor;
/// HistogramProto: 3 num; TensorProto: 8 string_val) to find what the reporter wrote. Shared by the tests of the
/// reporter (Core) and of the jobs that report through it (Cli).
/// </summary>
public static class EventFileReader
{
    /// <summary>Every value in the event file at <paramref name="path"/>, in file order; a bad CRC or a truncated record throws.</summary>
    public static List<EventValue> Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        var values = new List<EventValue>();
        var at = 0;
        while (at < bytes.Length)
        {
            if (bytes.Length - at < 12) throw new InvalidDataException($"{path}: truncated record header at byte {at}");
            var length = BinaryPrimitives.ReadUInt64LittleEndian(bytes.AsSpan(at, 8));
            var lengthCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + 8, 4));
            if (lengthCrc != MaskedCrc(bytes.AsSpan(at, 8))) throw new InvalidDataException($"{path}: bad length CRC at byte {at}");
            at += 12;
            if ((ulong)(bytes.Length - at) < length + 4) throw new InvalidDataException($"{path}: truncated record at byte {at}");
            var data = bytes.AsSpan(at, (int)length);
            var dataCrc = BinaryPrimitives.ReadUInt32LittleEndian(bytes.AsSpan(at + (int)length, 4));
            if (dataCrc != MaskedCrc(data)) throw new InvalidDataException($"{path}: bad data CRC at byte {at}");
            values.AddRange(Event(data.ToArray()));
            at += (int)length + 4;
        }

        return values;
    }

    private static IEnumerable<EventValue> Event(byte[] data)
    {
        long step = 0;
        var summaries = new List<byte[]>();
        foreach (var (field, _, varint, bytes) in Fields(data))
        {
            if (field == 2) step = (long)varint;
            if (field == 5) summaries.Add(bytes!);
        }

        foreach (var summary in summaries)
            foreach (var (field, _, _, value) in Fields(summary))
                if (field == 1) yield return Value(value!, step);
    }

    private static EventValue Value(byte[] data, long step)
    {
        string tag = "";
        float? scalar = null;
        string? text = null;
        double? count = null;
        foreach (var (field, _, varint, bytes) in Fields(data))
        {
            if (field == 1) tag = Encoding.UTF8.GetString(bytes!);
            if (field == 2) scalar = BitConverter.Int32BitsToSingle((int)varint);
            if (field == 5)
                foreach (var (f, _, v, _) in Fields(bytes!))
                    if (f == 3) count = BitConverter.Int64BitsToDouble((long)v);
            if (field == 8)
                foreach (var (f, _, _, b) in Fields(bytes!))
                    if (f == 8) text = Encoding.UTF8.GetString(b!);
        }

        return new EventValue(tag, step, scalar, text, count);
    }

    // Protobuf fields: number, wire type, the varint or fixed value (as bits), or the length-delimited bytes.
    private static IEnumerable<(int Field, int Wire, ulong Value, byte[]? Bytes)> Fields(byte[] data)
    {
        var at = 0;
        while (at < data.Length)
        {
            var key = Varint(data, ref at);
            var field = (int)(key >> 3);
            var wire = (int)(key & 7);
            switch (wire)
            {
                case 0: yield return (field, wire, Varint(data, ref at), null); break;
                case 1: yield return (field, wire, BinaryPrimitives.ReadUInt64LittleEndian(data.AsSpan(at, 8)), null); at += 8; break;
                case 5: yield return (field, wire, BinaryPrimitives.ReadUInt32LittleEndian(data.AsSpan(at, 4)), null); at += 4; break;
                case 2:
                    var length = (int)Varint(data, ref at);
                    yield return (field, wire, 0, data.AsSpan(at, length).ToArray());
                    at += length;
                    break;
                default: throw new InvalidDataException($"unexpected protobuf wire type {wire}");
            }
        }
    }

    private static ulong Varint(byte[] data, ref int at)
    {
        ulong value = 0;
        for (var shift = 0; ; shift += 7)
        {
            var b = data[at++];
            value |= (ulong)(b & 0x7f) << shift;
            if (b < 0x80) return value;
        }
    }

    /// <summary>TFRecord's masked CRC32C (Castagnoli, reflected polynomial 0x82F63B78).</summary>
    private static uint MaskedCrc(ReadOnlySpan<byte> data)
    {
        var crc = 0xFFFFFFFFu;
        foreach (var b in data)
        {
            crc ^= b;
            for (var i = 0; i < 8; i++) crc = (crc & 1) != 0 ? (crc >> 1) ^ 0x82F63B78u : crc >> 1;
        }

        crc ^= 0xFFFFFFFFu;
        return ((crc >> 15) | (crc << 17)) + 0xa282ead8u;
    }
}
