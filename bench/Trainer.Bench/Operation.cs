namespace Training.Bench;

/// <summary>
/// One per-op overhead measurement. <see cref="Reference"/> is the line name bench/python/op_overhead.py prints for
/// the same work (two C# variants of one op, such as a cached or an implicit Scalar, share it).
/// </summary>
internal sealed record Operation(string Name, string Label, string Reference, bool Large)
{
    /// <summary>Elements of each operand of the memory-bound ops (16M float32 = 64 MiB).</summary>
    public const long LargeElements = 16L << 20;

    /// <summary>Bytes a large op moves: it reads two operands and writes one result, 4 bytes each.</summary>
    public long BytesPerOp => Large ? 3 * LargeElements * sizeof(float) : 0;

    /// <summary>Every operation, in report order.</summary>
    public static IReadOnlyList<Operation> All { get; } =
    [
        new("get_num_threads", "torch.get_num_threads() (call cost)", "get_num_threads", false),
        new("add_inplace_16", "a.add_(b), 16 floats", "add_inplace_16", false),
        new("add_alpha_cached_16", "a.add_(b, alpha) cached Scalar, 16 floats", "add_alpha_inplace_16", false),
        new("add_alpha_implicit_16", "a.add_(b, 0.5) implicit Scalar, 16 floats", "add_alpha_inplace_16", false),
        new("mul_scalar_cached_16", "a.mul_(two) cached Scalar, 16 floats", "mul_scalar_inplace_16", false),
        new("mul_scalar_implicit_16", "a.mul_(2.0) implicit Scalar, 16 floats", "mul_scalar_inplace_16", false),
        new("add_16_dispose", "a.add(b) + Dispose, 16 floats", "add_16", false),
        new("add_16_scope", "a.add(b) in DisposeScope, 16 floats", "add_16", false),
        new("add_16M", "a.add(b), 16M floats", "add_16M", true),
        new("add_inplace_16M", "a.add_(b), 16M floats", "add_inplace_16M", true),
    ];
}
