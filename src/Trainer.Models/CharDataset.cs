using System.Runtime.InteropServices;

namespace Training.Models;

/// <summary>
/// A map-style dataset of next-token windows over encoded text: item i is the input
/// <c>tokens[i .. i+BlockSize)</c> and the target <c>tokens[i+1 .. i+BlockSize+1)</c>, so there are
/// <c>tokens.Length − BlockSize</c> items. Batches are sampled at random positions (as nanoGPT's <c>get_batch</c>) or
/// read as consecutive non-overlapping windows (for evaluation). Returned tensors are int64 and belong to the caller's
/// dispose scope.
/// </summary>
public sealed class CharDataset
{
    private readonly ReadOnlyMemory<long> tokens;

    /// <summary>Creates the dataset over <paramref name="tokens"/> (not copied) with windows of <paramref name="blockSize"/>.</summary>
    public CharDataset(ReadOnlyMemory<long> tokens, int blockSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(blockSize, 1);
        if (tokens.Length <= blockSize)
            throw new ArgumentException($"{tokens.Length} tokens cannot hold a window of {blockSize} plus its target", nameof(tokens));
        this.tokens = tokens;
        BlockSize = blockSize;
    }

    /// <summary>Tokens per window (the model's context length).</summary>
    public int BlockSize { get; }

    /// <summary>The number of windows.</summary>
    public long Count => tokens.Length - BlockSize;

    /// <summary>The encoded text.</summary>
    public ReadOnlyMemory<long> Tokens => tokens;

    /// <summary>Window <paramref name="index"/>: input and target, each [BlockSize].</summary>
    public (Tensor Input, Tensor Target) this[long index]
    {
        get
        {
            var (input, target) = GetBatch([index]);
            using (input)
            using (target)
            {
                return (input.squeeze(0), target.squeeze(0));
            }
        }
    }

    /// <summary>The windows starting at <paramref name="starts"/>: input and target, each [starts.Length, BlockSize].</summary>
    public (Tensor Input, Tensor Target) GetBatch(ReadOnlySpan<long> starts)
    {
        if (starts.IsEmpty) throw new ArgumentException("a batch needs at least one window", nameof(starts));
        var text = tokens.Span;
        foreach (var start in starts)
        {
            if (start < 0 || start >= Count)
                throw new ArgumentOutOfRangeException(nameof(starts), start, $"window starts must lie in [0, {Count})");
        }

        // Validated first, so no tensor is created for a bad batch; then the windows are copied straight into the
        // tensors' native memory (CPU, contiguous), one copy per row and no managed staging buffer.
        long[] shape = [starts.Length, BlockSize];
        var input = empty(shape, ScalarType.Int64);
        var target = empty(shape, ScalarType.Int64);
        var inputs = MemoryMarshal.Cast<byte, long>(input.bytes);
        var targets = MemoryMarshal.Cast<byte, long>(target.bytes);
        for (var row = 0; row < starts.Length; row++)
        {
            var start = (int)starts[row];
            text.Slice(start, BlockSize).CopyTo(inputs.Slice(row * BlockSize, BlockSize));
            text.Slice(start + 1, BlockSize).CopyTo(targets.Slice(row * BlockSize, BlockSize));
        }

        return (input, target);
    }

    /// <summary>
    /// <paramref name="batchSize"/> windows at positions drawn uniformly with <c>torch.randint(Count, [batchSize])</c>,
    /// so the PyTorch twin with an equally seeded generator draws the same batches.
    /// </summary>
    public (Tensor Input, Tensor Target) RandomBatch(int batchSize, Generator? generator = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        Span<long> starts = batchSize <= 256 ? stackalloc long[batchSize] : new long[batchSize];
        using (var drawn = randint(Count, [batchSize], ScalarType.Int64, generator: generator)) MemoryMarshal.Cast<byte, long>(drawn.bytes).CopyTo(starts);
        return GetBatch(starts);
    }

    /// <summary>
    /// Consecutive non-overlapping windows (starts 0, BlockSize, 2·BlockSize, ...) in batches of up to
    /// <paramref name="batchSize"/>, at most <paramref name="maxBatches"/> of them: a deterministic pass for evaluation.
    /// The tensors are created as the sequence is enumerated, in the scope current at that time.
    /// </summary>
    public IEnumerable<(Tensor Input, Tensor Target)> SequentialBatches(int batchSize, int maxBatches = int.MaxValue)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(batchSize, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maxBatches, 0);
        return Enumerate();

        IEnumerable<(Tensor, Tensor)> Enumerate()
        {
            var windows = (Count + BlockSize - 1) / BlockSize;
            var starts = new long[batchSize];
            for (long first = 0, produced = 0; first < windows && produced < maxBatches; first += batchSize, produced++)
            {
                var rows = (int)Math.Min(batchSize, windows - first);
                for (var r = 0; r < rows; r++) starts[r] = (first + r) * BlockSize;
                yield return GetBatch(starts.AsSpan(0, rows));
            }
        }
    }
}
