namespace Training.TorchExtensions;

/// <summary>One storage record of a torch.save archive: the entry <c>data/&lt;Key&gt;</c>.</summary>
/// <param name="Key">The entry name and persistent id key ("0", "1", ...).</param>
/// <param name="DType">The element type (selects the storage class).</param>
/// <param name="Numel">The number of elements in the storage.</param>
/// <param name="Source">A tensor (on any device) whose row-major bytes are exactly the storage bytes.</param>
internal sealed record StorageRecord(string Key, ScalarType DType, long Numel, Tensor Source);

/// <summary>Where a tensor lives: its storage record, offset and strides (in elements).</summary>
internal sealed record TensorPlacement(StorageRecord Storage, long Offset, long[] Stride);

/// <summary>
/// Decides which storage each saved tensor goes to. Tensors that view one storage (same storage address and dtype)
/// share one record, as in PyTorch, so views and tied weights stay views after Python loads the file; each keeps
/// its strides and its offset into the record. Where PyTorch writes the whole storage, a record here holds only the
/// span of the storage from the first to the last element any saved tensor reads, so saving a row of a large matrix
/// does not write the matrix. Empty tensors get empty records of their own.
/// </summary>
/// <remarks>
/// The span of a storage is read through a 1-D view (<c>as_strided</c>) of one of its tensors; those views are created
/// in the current dispose scope and the caller frees them after writing (<see cref="TorchFile"/> saves in a scope).
/// </remarks>
internal sealed class StoragePlan
{
    private readonly List<Tensor> tensors = [];
    private readonly HashSet<Tensor> seen = new(ReferenceEqualityComparer.Instance);
    private readonly Dictionary<Tensor, (StorageRecord Record, long Start)> placements = new(ReferenceEqualityComparer.Instance);
    private readonly List<StorageRecord> ordered = [];
    private bool sealedPlan;

    /// <summary>The records in key order (the order of the first tensor of each storage).</summary>
    public IReadOnlyList<StorageRecord> Records => ordered;

    /// <summary>First pass: remembers a tensor that will be saved.</summary>
    public void Observe(Tensor tensor)
    {
        if (seen.Add(tensor)) tensors.Add(tensor);
    }

    /// <summary>Ends the first pass: groups the observed tensors by storage and gives each group one record.</summary>
    public void Seal()
    {
        sealedPlan = true;
        // GroupBy keeps the order of first appearance, so keys follow the pickle's order of tensors, as in PyTorch.
        foreach (var group in tensors.Select(StorageKey).GroupBy(m => m.Key, m => m.Tensor))
        {
            var members = group.ToList();
            if (group.Key.EmptyIndex >= 0)
            {
                AddRecord(members, group.Key.DType, 0, 0, members[0]);
                continue;
            }

            var start = members.Min(t => t.storage_offset());
            var end = members.Max(t => LastElement(t) + 1);
            AddRecord(members, group.Key.DType, start, end - start, Span(members, start, end));
        }
    }

    /// <summary>Tensors with elements group by storage; each empty tensor (index in observation order) is a group of its own.</summary>
    private static ((nint Address, ScalarType DType, int EmptyIndex) Key, Tensor Tensor) StorageKey(Tensor tensor, int index) =>
        tensor.numel() == 0 ? ((0, tensor.dtype, index), tensor) : ((TensorMemory.StorageAddress(tensor), tensor.dtype, -1), tensor);

    private void AddRecord(List<Tensor> members, ScalarType dtype, long start, long numel, Tensor source)
    {
        var record = new StorageRecord(ordered.Count.ToString(System.Globalization.CultureInfo.InvariantCulture), dtype, numel, source);
        ordered.Add(record);
        foreach (var member in members) placements[member] = (record, start);
    }

    /// <summary>Second pass: the placement of <paramref name="tensor"/>.</summary>
    public TensorPlacement Place(Tensor tensor)
    {
        if (!sealedPlan) throw new InvalidOperationException("Seal() the plan before placing tensors");
        var (record, start) = placements[tensor];
        return tensor.numel() == 0
            ? new TensorPlacement(record, 0, ContiguousStrides(tensor.shape))
            : new TensorPlacement(record, tensor.storage_offset() - start, tensor.stride());
    }

    /// <summary>A tensor whose row-major elements are storage elements [start, end): a member itself when it is exactly that.</summary>
    private static Tensor Span(List<Tensor> members, long start, long end)
    {
        var exact = members.FirstOrDefault(t => t.is_contiguous() && t.storage_offset() == start && t.numel() == end - start);
        if (exact is not null) return exact;
        // The view only reads; without no_grad a tensor that requires grad would record it in its graph.
        using var noGrad = torch.no_grad();
        return members[0].as_strided([end - start], [1], start);
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
