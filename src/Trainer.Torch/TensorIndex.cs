namespace Training.Torch;

/// <summary>
/// One position of a Python-style index: an integer, a slice, <c>...</c>, <c>None</c> (new axis), a
/// boolean or an index tensor. Converts from <c>long</c>, <see cref="Range"/> (<c>1..3</c>, <c>..^1</c>)
/// and <see cref="Tensor"/>, so <c>t[.., 0]</c> and <c>t[TensorIndex.Ellipsis, 1..3]</c> read like Python.
/// </summary>
public readonly struct TensorIndex
{
    internal enum IndexKind : long { Single = 0, Slice = 1, Ellipsis = 2, None = 3, Tensor = 4, Bool = 5 }

    internal readonly IndexKind Kind;
    internal readonly long Start;
    internal readonly long Stop;
    internal readonly long Step;
    internal readonly long Flags; // bit 0: start given, bit 1: stop given
    internal readonly Tensor? Tensor;

    private TensorIndex(IndexKind kind, long start = 0, long stop = 0, long step = 1, long flags = 0, Tensor? tensor = null)
    {
        Kind = kind;
        Start = start;
        Stop = stop;
        Step = step;
        Flags = flags;
        Tensor = tensor;
    }

    /// <summary><c>...</c>: as many full slices as needed.</summary>
    public static TensorIndex Ellipsis => new(IndexKind.Ellipsis);

    /// <summary><c>None</c>: inserts a new axis of size 1.</summary>
    public static TensorIndex None => new(IndexKind.None);

    /// <summary><c>:</c>: the whole dimension.</summary>
    public static TensorIndex Colon => Slice();

    /// <summary>One element along the dimension (the dimension is removed).</summary>
    public static TensorIndex Single(long index) => new(IndexKind.Single, index);

    /// <summary>A boolean index.</summary>
    public static TensorIndex Bool(bool value) => new(IndexKind.Bool, value ? 1 : 0);

    /// <summary><c>start:stop:step</c>, any part optional; negative bounds count from the end.</summary>
    public static TensorIndex Slice(long? start = null, long? stop = null, long step = 1) =>
        new(IndexKind.Slice, start ?? 0, stop ?? 0, step, (start.HasValue ? 1 : 0) | (stop.HasValue ? 2 : 0));

    /// <summary>Advanced indexing with an integer or boolean tensor.</summary>
    public static TensorIndex FromTensor(Tensor tensor) => new(IndexKind.Tensor, tensor: tensor);

    /// <summary>An integer index.</summary>
    public static implicit operator TensorIndex(long index) => Single(index);

    /// <summary>An integer index.</summary>
    public static implicit operator TensorIndex(int index) => Single(index);

    /// <summary>A slice from a C# range (<c>^n</c> counts from the end).</summary>
    public static implicit operator TensorIndex(Range range)
    {
        long? start = range.Start.IsFromEnd
            ? (range.Start.Value == 0 ? null : -range.Start.Value)
            : range.Start.Value;
        long? stop = range.End.IsFromEnd
            ? (range.End.Value == 0 ? null : -range.End.Value)
            : range.End.Value;
        return Slice(start, stop);
    }

    /// <summary>An index tensor.</summary>
    public static implicit operator TensorIndex(Tensor tensor) => FromTensor(tensor);
}
