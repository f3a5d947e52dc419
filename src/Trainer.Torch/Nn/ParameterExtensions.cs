using Training.Torch.Modules;

namespace Training.Torch;

/// <summary>TorchSharp's <c>AsParameter()</c> extension.</summary>
public static class ParameterExtensions
{
    /// <summary>Wraps <paramref name="tensor"/> as a <see cref="Parameter"/> (a detached alias of the same storage).</summary>
    public static Parameter AsParameter(this Tensor tensor, bool requires_grad = true) => new(tensor, requires_grad);
}
