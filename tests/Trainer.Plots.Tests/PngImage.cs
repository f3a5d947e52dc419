using System.Buffers.Binary;
using System.IO.Compression;

namespace Training.Plots.Tests;

/// <summary>
/// A decoded 8-bit RGB or RGBA PNG (what rsvg-convert writes): chunks, zlib through ZLibStream, the five
/// scanline filters. Enough to check pixels, nothing more.
/// </summary>
public sealed class PngImage
{
    private readonly byte[] rgba;

    private PngImage(int width, int height, byte[] rgba)
    {
        Width = width;
        Height = height;
        this.rgba = rgba;
    }

    /// <summary>Width in pixels.</summary>
    public int Width { get; }

    /// <summary>Height in pixels.</summary>
    public int Height { get; }

    /// <summary>The colour of pixel (x, y), alpha composed over white.</summary>
    public (int R, int G, int B) this[int x, int y]
    {
        get
        {
            var i = 4 * (y * Width + x);
            var a = rgba[i + 3] / 255.0;
            int Over(byte c) => (int)Math.Round(c * a + 255 * (1 - a));
            return (Over(rgba[i]), Over(rgba[i + 1]), Over(rgba[i + 2]));
        }
    }

    /// <summary>Decodes <paramref name="path"/>.</summary>
    public static PngImage Read(string path)
    {
        var bytes = File.ReadAllBytes(path);
        byte[] signature = [137, 80, 78, 71, 13, 10, 26, 10];
        if (!bytes.AsSpan(0, 8).SequenceEqual(signature)) throw new InvalidDataException($"{path} is not a PNG");
        int width = 0, height = 0, colorType = 0;
        using var compressed = new MemoryStream();
        for (var offset = 8; offset < bytes.Length;)
        {
            var length = BinaryPrimitives.ReadInt32BigEndian(bytes.AsSpan(offset));
            var type = System.Text.Encoding.ASCII.GetString(bytes, offset + 4, 4);
            var data = bytes.AsSpan(offset + 8, length);
            if (type == "IHDR")
            {
                width = BinaryPrimitives.ReadInt32BigEndian(data);
                height = BinaryPrimitives.ReadInt32BigEndian(data[4..]);
                var depth = data[8];
                colorType = data[9];
                if (depth != 8 || colorType is not (2 or 6) || data[12] != 0)
                    throw new InvalidDataException($"{path}: only 8-bit non-interlaced RGB/RGBA is decoded (depth {depth}, colour type {colorType}, interlace {data[12]})");
            }
            else if (type == "IDAT") compressed.Write(data);
            else if (type == "IEND") break;
            offset += 12 + length;
        }

        compressed.Position = 0;
        using var zlib = new ZLibStream(compressed, CompressionMode.Decompress);
        using var raw = new MemoryStream();
        zlib.CopyTo(raw);
        var channels = colorType == 6 ? 4 : 3;
        var stride = width * channels;
        var input = raw.ToArray();
        var previous = new byte[stride];
        var current = new byte[stride];
        var rgba = new byte[width * height * 4];
        for (var y = 0; y < height; y++)
        {
            var filter = input[y * (stride + 1)];
            Array.Copy(input, y * (stride + 1) + 1, current, 0, stride);
            for (var i = 0; i < stride; i++)
            {
                int left = i >= channels ? current[i - channels] : 0, up = previous[i], upLeft = i >= channels ? previous[i - channels] : 0;
                current[i] = (byte)(current[i] + filter switch
                {
                    0 => 0,
                    1 => left,
                    2 => up,
                    3 => (left + up) / 2,
                    4 => Paeth(left, up, upLeft),
                    _ => throw new InvalidDataException($"{path}: filter type {filter}"),
                });
            }

            for (var x = 0; x < width; x++)
            {
                var o = 4 * (y * width + x);
                rgba[o] = current[x * channels];
                rgba[o + 1] = current[x * channels + 1];
                rgba[o + 2] = current[x * channels + 2];
                rgba[o + 3] = channels == 4 ? current[x * channels + 3] : (byte)255;
            }

            (previous, current) = (current, previous);
        }

        return new PngImage(width, height, rgba);
    }

    private static int Paeth(int a, int b, int c)
    {
        var p = a + b - c;
        int pa = Math.Abs(p - a), pb = Math.Abs(p - b), pc = Math.Abs(p - c);
        return pa <= pb && pa <= pc ? a : pb <= pc ? b : c;
    }
}
