namespace Training.TorchExtensions;

/// <summary>
/// Reinterprets a tensor's bits as another dtype of the same element size (PyTorch's <c>Tensor.view(dtype)</c>),
/// which TorchSharp 0.107 lacks. The result is a new tensor holding the same bytes, not a view sharing memory:
/// callers that need the bits (exponent fields, error-correction codes) read them, they do not write through.
/// </summary>
public static class TensorBits
{
    /// <summary>A new tensor on the same device whose elements have the same bytes as <paramref name="tensor"/>'s.</summary>
    public static Tensor ReinterpretAs(this Tensor tensor, ScalarType dtype)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        if (tensor.element_size() != dtype.ElementSize())
            throw new ArgumentException($"cannot reinterpret {tensor.dtype} ({tensor.element_size()} bytes) as {dtype} ({dtype.ElementSize()} bytes)", nameof(dtype));
        using var scope = NewDisposeScope();
        // The byte copy needs CPU memory; other devices round-trip through it.
        var cpu = tensor.device_type == DeviceType.CPU ? tensor : tensor.cpu();
        var source = cpu.is_contiguous() ? cpu : cpu.contiguous();
        var result = empty(source.shape, dtype);
        if (source.numel() > 0) source.bytes.CopyTo(result.bytes);
        var placed = tensor.device_type == DeviceType.CPU ? result : result.to(tensor.device);
        return placed.MoveToOuterDisposeScope();
    }
}
