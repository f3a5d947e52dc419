namespace Training.TorchExtensions;

/// <summary>The safetensors dtype codes we read and write, and their element types.</summary>
internal static class SafeTensorsDType
{
    public static readonly ScalarTypeNames Codes = new(
        "safetensors",
        ("F64", ScalarType.Float64), ("F32", ScalarType.Float32), ("F16", ScalarType.Float16), ("BF16", ScalarType.BFloat16),
        ("I64", ScalarType.Int64), ("I32", ScalarType.Int32), ("I16", ScalarType.Int16), ("I8", ScalarType.Int8),
        ("U8", ScalarType.Byte), ("BOOL", ScalarType.Bool));
}
