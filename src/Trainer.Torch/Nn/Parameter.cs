namespace Training.Torch.Modules;

/// <summary>
/// A trainable tensor owned by a <see cref="torch.nn.Module"/>. Like PyTorch's <c>nn.Parameter</c> (and unlike
/// TorchSharp's, which steals the source's handle) it is a detached alias of the data it is built from: the same
/// storage, but a fresh autograd leaf, so the source tensor stays valid and owned by its creator.
/// Parameters are long-lived: they are never registered in a <see cref="DisposeScope"/>; the module that owns
/// them disposes them.
/// </summary>
public class Parameter : Tensor
{
    /// <summary>Creates a parameter sharing <paramref name="data"/>'s storage, with <c>requires_grad</c> set as given.</summary>
    public Parameter(Tensor data, bool requires_grad = true)
        : base(DetachedAlias(data), steal: true)
    {
        DetachFromDisposeScope();
        this.requires_grad = requires_grad;
    }

    /// <summary>A new uninitialised parameter (the built-in modules fill it with their initialiser).</summary>
    internal static Parameter Empty(long[] shape, Device? device, ScalarType? dtype)
    {
        using var data = torch.empty(shape, dtype, device);
        return new Parameter(data);
    }

    // detach() yields a new handle on the same storage with no autograd history; the base constructor takes it over.
    private static Tensor DetachedAlias(Tensor data)
    {
        ArgumentNullException.ThrowIfNull(data);
        return data.detach();
    }

    /// <summary>A short description: shape, dtype and whether it requires a gradient.</summary>
    public override string ToString() =>
        IsInvalid ? "Parameter(disposed)" : $"Parameter(shape=[{string.Join(", ", shape)}], dtype={dtype}, requires_grad={requires_grad})";
}
