namespace Training.TorchExtensions;

/// <summary>
/// PyTorch's <c>torch.equal</c>: TorchSharp's <c>Tensor.equal</c> is elementwise (it returns a tensor), a trap for
/// code written against PyTorch.
/// </summary>
public static class TensorComparison
{
    /// <summary>True when both tensors have the same shape and dtype and every element is equal (NaN equals nothing).</summary>
    public static bool ValuesEqual(this Tensor tensor, Tensor other)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        ArgumentNullException.ThrowIfNull(other);
        if (tensor.dtype != other.dtype || !tensor.shape.SequenceEqual(other.shape)) return false;
        using var scope = NewDisposeScope();
        return tensor.eq(other.to(tensor.device)).all().ReadBoolean();
    }
}
