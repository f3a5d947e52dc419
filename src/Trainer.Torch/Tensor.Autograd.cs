using Training.Torch.Native;

namespace Training.Torch;

public partial class Tensor
{
    /// <summary>Whether autograd records operations on this tensor.</summary>
    public bool requires_grad
    {
        get
        {
            var r = NativeError.Check(NativeMethods.trn_requires_grad(Handle)) != 0;
            GC.KeepAlive(this);
            return r;
        }
        set
        {
            NativeError.Check(NativeMethods.trn_set_requires_grad(Handle, value ? (byte)1 : (byte)0));
            GC.KeepAlive(this);
        }
    }

    /// <summary>Sets <see cref="requires_grad"/> and returns this tensor.</summary>
    public Tensor requires_grad_(bool requires_grad = true)
    {
        this.requires_grad = requires_grad;
        return this;
    }

    /// <summary>True for tensors created by the user (not the result of a recorded operation).</summary>
    public bool is_leaf
    {
        get
        {
            var r = NativeError.Check(NativeMethods.trn_is_leaf(Handle)) != 0;
            GC.KeepAlive(this);
            return r;
        }
    }

    /// <summary>Keeps <see cref="grad"/> for a non-leaf tensor after backward.</summary>
    public void retain_grad()
    {
        NativeError.Check(NativeMethods.trn_retain_grad(Handle));
        GC.KeepAlive(this);
    }

    /// <summary>
    /// The accumulated gradient, or null. Each read returns a new handle (registered in the current
    /// dispose scope, as in TorchSharp); setting null clears the gradient.
    /// </summary>
    public unsafe Tensor? grad
    {
        get
        {
            nint g;
            NativeError.Check(NativeMethods.trn_grad(Handle, &g));
            GC.KeepAlive(this);
            return WrapOptional(g);
        }
        set
        {
            NativeError.Check(NativeMethods.trn_set_grad(Handle, value?.Handle ?? 0));
            GC.KeepAlive(this);
            GC.KeepAlive(value);
        }
    }

    /// <summary>A tensor sharing this one's data but cut from the autograd graph.</summary>
    public Tensor detach() => Unary(UnaryOp.Detach);

    /// <summary>Cuts this tensor from the autograd graph in place.</summary>
    public Tensor detach_() => UnaryInPlace(UnaryOp.Detach);

    /// <summary>
    /// Computes gradients of this tensor with respect to the graph's leaves. A non-scalar tensor needs
    /// <paramref name="gradient"/>. The graph is freed afterwards unless <paramref name="retain_graph"/>.
    /// </summary>
    public void backward(Tensor? gradient = null, bool? retain_graph = null, bool create_graph = false,
        IReadOnlyList<Tensor>? inputs = null) =>
        torch.autograd.backward([this], gradient is null ? null : [gradient], retain_graph, create_graph, inputs);

    /// <summary>
    /// Registers a hook called with this tensor's gradient during backward. Returning null keeps the
    /// gradient; returning a tensor replaces it. The gradient passed in is disposed after the hook returns,
    /// unless the hook returns it. Dispose the returned handle to remove the hook.
    /// </summary>
    public GradientHookHandle register_hook(Func<Tensor, Tensor?> hook) => GradientHooks.Register(this, hook);

    /// <summary>Registers a hook that observes the gradient without replacing it.</summary>
    public GradientHookHandle register_hook(Action<Tensor> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        return GradientHooks.Register(this, g =>
        {
            hook(g);
            return null;
        });
    }

    /// <summary>
    /// Registers a hook called with this leaf tensor right after its gradient has been accumulated into
    /// <see cref="grad"/> during backward (PyTorch 2.1's <c>register_post_accumulate_grad_hook</c>, which
    /// libtorch 1.13 lacks; implemented on the AccumulateGrad node). The hook may read and clear <c>grad</c>.
    /// </summary>
    public PostAccumulateGradHookHandle register_post_accumulate_grad_hook(Action<Tensor> hook) => PostAccumulateGradHooks.Register(this, hook);
}
