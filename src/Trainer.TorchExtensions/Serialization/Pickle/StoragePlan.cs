namespace Training.TorchExtensions;

/// <summary>One storage record of a torch.save archive: the entry <c>data/&lt;Key&gt;</c>.</summary>
/// <param name="Key">The entry name and persistent id key ("0", "1", ...).</param>
/// <param name="DType">The element type (selects the storage class).</param>
/// <param name="Numel">The number of elements in the storage.</param>
/// <param name="Source">A tensor whose row-major bytes are exactly the storage bytes.</param>
internal sealed record StorageRecord(string Key, ScalarType DType, long Numel, Tensor Source);

/// <summary>Where a tensor lives: its storage record, offset and strides (in elements).</summary>
internal sealed record TensorPlacement(StorageRecord Storage, long Offset, long[] Stride);

/// <summary>
/// Decides which storage each saved tensor goes to. Tensors that view one storage (same data address
/// and dtype) share a record when one of them is contiguous and spans all the others, as in PyTorch,
/// so views and tied weights stay shared after Python loads the file. Otherwise a tensor gets its own
/// record holding its elements in row-major order. The binding cannot read a storage beyond what a
/// tensor covers, which is why sharing needs such a covering tensor.
/// </summary>
internal sealed class StoragePlan
{
    private readonly List<Tensor> tensors = [];
    private readonly HashSet<Tensor> seen = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, (Tensor Cover, long Offset)> covers = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, StorageRecord> records = new(ReferenceEqualityComparer.Instance);
    private readonly List<StorageRecord> ordered = [];
    private bool sealedPlan;

    /// <summary>The records in key order (the order tensors were first placed).</summary>
    public IReadOnlyList<StorageRecord> Records => ordered;

    /// <summary>First pass: remembers a tensor that will be saved.</summary>
    public void Observe(Tensor tensor)
    {
        if (seen.Add(tensor)) tensors.Add(tensor);
    }

    /// <summary>Ends the first pass: groups the observed tensors by storage and picks covering tensors.</summary>
    public void Seal()
    {
        sealedPlan = true;
        var groups = tensors.Where(t => t.numel() > 0).GroupBy(t => (TensorMemory.StorageAddress(t), t.dtype));
        foreach (var group in groups)
        {
            var members = group.Select(t => (Tensor: t, Start: t.storage_offset(), Last: LastElement(t))).ToList();
            var cover = members.Where(m => m.Tensor.is_contiguous()).OrderByDescending(m => m.Tensor.numel()).FirstOrDefault();
            if (cover.Tensor is null) continue;
            var coverEnd = cover.Start + cover.Tensor.numel();
            foreach (var m in members.Where(m => m.Start >= cover.Start && m.Last < coverEnd))
                covers[m.Tensor] = (cover.Tensor, cover.Start);
        }
    }

    /// <summary>Second pass: the placement of <paramref name="tensor"/>, creating its record on first use.</summary>
    public TensorPlacement Place(Tensor tensor)
    {
        if (!sealedPlan) throw new InvalidOperationException("Seal() the plan before placing tensors");
        if (covers.TryGetValue(tensor, out var shared))
            return new TensorPlacement(RecordFor(shared.Cover), tensor.storage_offset() - shared.Offset, tensor.stride());
        return new TensorPlacement(RecordFor(tensor), 0, ContiguousStrides(tensor.shape));
    }

    private StorageRecord RecordFor(Tensor source)
    {
        if (records.TryGetValue(source, out var record)) return record;
        record = new StorageRecord(ordered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), source.dtype, source.numel(), source);
        records.Add(source, record);
        ordered.Add(record);
        return record;
    }

    /// <summary>The storage index of the tensor's last element (strides are never negative in PyTorch).</summary>
    private static long LastElement(Tensor tensor)
    {
        var shape = tensor.shape;
        var stride = tensor.stride();
        var last = tensor.storage_offset();
        for (var i = 0; i < shape.Length; i++) last += (shape[i] - 1) * stride[i];
        return last;
    }

    /// <summary>Row-major strides, as PyTorch computes them (a size-0 dimension counts as 1).</summary>
    public static long[] ContiguousStrides(long[] shape)
    {
        var stride = new long[shape.Length];
        long step = 1;
        for (var i = shape.Length - 1; i >= 0; i--)
        {
            stride[i] = step;
            step *= Math.Max(shape[i], 1);
        }

        return stride;
    }
}
