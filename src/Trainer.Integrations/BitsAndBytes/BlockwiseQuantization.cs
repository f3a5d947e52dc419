using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Integrations;

/// <summary>
/// bitsandbytes' blockwise 8-bit quantisation with the semantics of its pure-PyTorch backend
/// (<c>backends/default/ops.py</c>, what the CPU optimizer path and the golden data use): the flattened tensor is cut
/// into blocks of <see cref="BlockSize"/> elements; each block stores its absolute maximum (fp32) and one uint8
/// code per element, the nearest entry of a sorted quantisation map to <c>x / absmax</c>.
/// </summary>
/// <remarks>
/// Exact upstream arithmetic: a full block is scaled by <c>x · (1 / max(absmax, 1e-38))</c> and stores the
/// unclamped absmax; the trailing partial block is scaled by <c>x / max(absmax, 1e-38)</c> and stores the clamped
/// value; the scaled value is clamped to [−1, 1] and bucketised over the map's midpoints (<c>torch.bucketize</c>,
/// right=False: an exact tie goes to the lower code). The nearest-code search is a vectorised 8-step binary search
/// (one gather and one comparison per step), processed in chunks so large tensors need little scratch memory.
/// </remarks>
public static class BlockwiseQuantization
{
    /// <summary>Elements per block (bitsandbytes ≥ 2024-09, <c>BLOCKSIZE_2STATE</c>).</summary>
    public const int BlockSize = 256;

    /// <summary>Absmax floor that keeps all-zero blocks finite.</summary>
    public const double AbsmaxFloor = 1e-38;

    // Elements per chunk of the nearest-code search: bounds the int64 scratch tensors to a few MB.
    private const long SearchChunk = 1 << 20;

    /// <summary>Number of blocks (absmax entries) for <paramref name="numel"/> elements: ceil(numel / 256).</summary>
    public static long BlockCount(long numel) => (numel + BlockSize - 1) / BlockSize;

    /// <summary>
    /// Dequantises <paramref name="codes"/> (uint8, any shape) with per-block <paramref name="absmax"/> over
    /// <paramref name="map"/>: <c>map[code] · absmax[block]</c>, as a new float32 tensor shaped like the codes.
    /// </summary>
    public static Tensor Dequantize(Tensor codes, Tensor absmax, IReadOnlyList<float> map)
    {
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(absmax);
        ArgumentNullException.ThrowIfNull(map);
        var n = codes.numel();
        if (absmax.numel() != BlockCount(n))
            throw new ArgumentException($"absmax has {absmax.numel()} entries, {n} codes need {BlockCount(n)}", nameof(absmax));
        using var scope = torch.NewDisposeScope();
        var table = torch.tensor([.. map], ScalarType.Float32);
        var values = table.index_select(0, codes.reshape(-1).to(ScalarType.Int64));
        var blocks = n / BlockSize;
        var full = blocks * BlockSize;
        var parts = new List<Tensor>(2);
        if (blocks > 0)
            parts.Add(values.narrow(0, 0, full).view(blocks, BlockSize).mul(absmax.narrow(0, 0, blocks).view(blocks, 1)).reshape(full));
        if (n > full)
            parts.Add(values.narrow(0, full, n - full).mul(absmax.narrow(0, blocks, 1)));
        var result = (parts.Count == 1 ? parts[0] : torch.cat(parts)).reshape(codes.shape);
        return result.MoveToOuterDisposeScope();
    }

    /// <summary>
    /// Quantises <paramref name="values"/> blockwise over <paramref name="map"/> into the existing
    /// <paramref name="codes"/> (uint8, same element count) and <paramref name="absmax"/> (float32, one per block).
    /// </summary>
    public static void QuantizeInto(Tensor values, IReadOnlyList<float> map, Tensor codes, Tensor absmax)
    {
        ArgumentNullException.ThrowIfNull(values);
        ArgumentNullException.ThrowIfNull(map);
        ArgumentNullException.ThrowIfNull(codes);
        ArgumentNullException.ThrowIfNull(absmax);
        var n = values.numel();
        if (codes.numel() != n) throw new ArgumentException($"codes hold {codes.numel()} elements, the values {n}", nameof(codes));
        if (codes.dtype != ScalarType.Byte) throw new ArgumentException($"codes must be uint8, not {codes.dtype}", nameof(codes));
        if (absmax.numel() != BlockCount(n))
            throw new ArgumentException($"absmax has {absmax.numel()} entries, {n} values need {BlockCount(n)}", nameof(absmax));

        using var scope = torch.NewDisposeScope();
        var flat = values.reshape(-1).to(ScalarType.Float32);
        var blocks = n / BlockSize;
        var full = blocks * BlockSize;
        var scaledParts = new List<Tensor>(2);
        var absmaxParts = new List<Tensor>(2);
        if (blocks > 0)
        {
            var grid = flat.narrow(0, 0, full).view(blocks, BlockSize);
            var blockMax = grid.abs().amax(1);
            var inverse = blockMax.clamp_min(Scalars.Keep(AbsmaxFloor)).reciprocal().view(blocks, 1);
            scaledParts.Add(grid.mul(inverse).clamp(Scalars.Keep(-1), Scalars.Keep(1)).reshape(full));
            absmaxParts.Add(blockMax);
        }

        if (n > full)
        {
            var tail = flat.narrow(0, full, n - full);
            var tailMax = tail.abs().max().clamp_min(Scalars.Keep(AbsmaxFloor));
            scaledParts.Add(tail.div(tailMax).clamp(Scalars.Keep(-1), Scalars.Keep(1)));
            absmaxParts.Add(tailMax.reshape(1));
        }

        var scaled = scaledParts.Count == 1 ? scaledParts[0] : torch.cat(scaledParts);
        var newAbsmax = absmaxParts.Count == 1 ? absmaxParts[0] : torch.cat(absmaxParts);
        var bounds = torch.tensor(DynamicQuantizationMap.Midpoints(map), ScalarType.Float32);
        var target = codes.view(-1);
        for (long start = 0; start < n; start += SearchChunk)
        {
            using var chunkScope = torch.NewDisposeScope();
            var length = Math.Min(SearchChunk, n - start);
            target.narrow(0, start, length).copy_(NearestCode(scaled.narrow(0, start, length), bounds, map.Count));
        }

        absmax.view(-1).copy_(newAbsmax);
    }

    /// <summary>
    /// <c>torch.bucketize(x, bounds)</c> for sorted bounds: the number of bounds strictly below each x (so a tie
    /// with a midpoint picks the lower code), as uint8. Binary lifting: log2(codes) gather-and-compare passes.
    /// </summary>
    private static Tensor NearestCode(Tensor scaled, Tensor bounds, int codeCount)
    {
        var position = torch.zeros(scaled.numel(), ScalarType.Int64);
        for (var step = codeCount / 2; step >= 1; step /= 2)
        {
            var candidate = position.add(Scalars.Keep(step));
            var bound = bounds.index_select(0, candidate.sub(Scalars.Keep(1)));
            position = torch.where(bound.lt(scaled), candidate, position);
        }

        return position.to(ScalarType.Byte);
    }
}
