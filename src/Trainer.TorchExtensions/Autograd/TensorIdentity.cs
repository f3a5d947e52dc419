using System.Runtime.InteropServices;

namespace Training.TorchExtensions.Autograd;

/// <summary>
/// The identity of a tensor as libtorch sees it (its <c>TensorImpl</c>, which owns <c>.grad</c>). TorchSharp hands out
/// several managed wrappers, each with its own native handle, for one tensor: some modules' parameter getters (e.g.
/// Embedding's <c>weight</c>) return a new wrapper per call, so a tied weight shows up under different handles.
/// </summary>
public static class TensorIdentity
{
    /// <summary>
    /// The address of <paramref name="tensor"/>'s <c>TensorImpl</c>: equal for every wrapper of the same tensor,
    /// different for views. TorchSharp's handle points at an <c>at::Tensor</c>, whose only field is the
    /// <c>intrusive_ptr&lt;TensorImpl&gt;</c> (a single pointer, unchanged in libtorch 1.x and 2.x).
    /// </summary>
    public static IntPtr Of(Tensor tensor)
    {
        ArgumentNullException.ThrowIfNull(tensor);
        var impl = Marshal.ReadIntPtr(tensor.Handle);
        GC.KeepAlive(tensor);
        return impl;
    }
}
