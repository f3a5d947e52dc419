using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Training.Torch.Native;

namespace Training.Torch;

/// <summary>
/// A registered post-accumulate-grad hook (PyTorch's <c>register_post_accumulate_grad_hook</c>); disposing it
/// (or <see cref="remove"/>) unregisters it. The registration keeps the leaf's gradient accumulator alive.
/// </summary>
public sealed class PostAccumulateGradHookHandle : IDisposable
{
    private readonly long id;
    private nint registration;

    internal PostAccumulateGradHookHandle(long id, nint registration)
    {
        this.id = id;
        this.registration = registration;
    }

    /// <summary>Unregisters the hook (idempotent).</summary>
    public void remove()
    {
        var native = Interlocked.Exchange(ref registration, 0);
        if (native == 0) return;
        PostAccumulateGradHooks.Forget(id);
        NativeError.Check(NativeMethods.trn_remove_post_accumulate_grad_hook(native));
    }

    /// <summary>Same as <see cref="remove"/>.</summary>
    public void Dispose() => remove();
}

/// <summary>
/// Bridges post-accumulate-grad hooks (a post hook on the leaf's AccumulateGrad node, see autograd.cpp) to
/// managed delegates. The delegate receives the parameter after its <c>.grad</c> has been written, so it may
/// step an optimizer and free the gradient inside backward (Transformers' layer-wise optimizers).
/// </summary>
internal static unsafe class PostAccumulateGradHooks
{
    private static readonly ConcurrentDictionary<long, Action> Hooks = new();
    private static long nextId;

    internal static PostAccumulateGradHookHandle Register(Tensor tensor, Action<Tensor> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var id = Interlocked.Increment(ref nextId);
        // The delegate holds the managed tensor, so the hook sees the same wrapper (and its .grad) the caller owns.
        Hooks[id] = () => hook(tensor);
        try
        {
            var registration = NativeError.Check(NativeMethods.trn_register_post_accumulate_grad_hook(tensor.Handle, &Invoke, id));
            GC.KeepAlive(tensor);
            return new PostAccumulateGradHookHandle(id, registration);
        }
        catch
        {
            Hooks.TryRemove(id, out _);
            throw;
        }
    }

    internal static void Forget(long id) => Hooks.TryRemove(id, out _);

    [UnmanagedCallersOnly]
    private static int Invoke(long id)
    {
        try
        {
            if (Hooks.TryGetValue(id, out var hook)) hook();
            return 0;
        }
        catch (Exception e)
        {
            NativeError.PendingManagedException = e;
            NativeMethods.trn_set_managed_error($"post-accumulate-grad hook failed: {e.GetType().Name}: {e.Message}");
            return -1;
        }
    }
}
