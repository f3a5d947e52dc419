namespace Training.TorchExtensions;

/// <summary>PyTorch's typed storage classes in module <c>torch</c> (<c>torch.FloatStorage</c>, ...) and their element types.</summary>
internal static class TorchStorageTypes
{
    public static readonly ScalarTypeNames Classes = new(
        "torch.save",
        ("FloatStorage", ScalarType.Float32), ("DoubleStorage", ScalarType.Float64), ("HalfStorage", ScalarType.Float16),
        ("BFloat16Storage", ScalarType.BFloat16), ("LongStorage", ScalarType.Int64), ("IntStorage", ScalarType.Int32),
        ("ShortStorage", ScalarType.Int16), ("CharStorage", ScalarType.Int8), ("ByteStorage", ScalarType.Byte),
        ("BoolStorage", ScalarType.Bool));
}
