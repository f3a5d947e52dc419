using System.Collections.Concurrent;
using System.Runtime.InteropServices;
using Training.Torch.Native;

namespace Training.Torch;

/// <summary>A registered gradient hook; disposing it (or <see cref="remove"/>) unregisters it.</summary>
public sealed class GradientHookHandle : IDisposable
{
    private readonly Tensor tensor;
    private readonly long id;
    private readonly long position;
    private int removed;

    internal GradientHookHandle(Tensor tensor, long id, long position)
    {
        this.tensor = tensor;
        this.id = id;
        this.position = position;
    }

    /// <summary>Unregisters the hook (idempotent).</summary>
    public void remove()
    {
        if (Interlocked.Exchange(ref removed, 1) != 0) return;
        GradientHooks.Forget(id);
        if (!tensor.IsInvalid)
        {
            NativeError.Check(NativeMethods.trn_remove_hook(tensor.Handle, position));
            GC.KeepAlive(tensor);
        }
    }

    /// <summary>Same as <see cref="remove"/>.</summary>
    public void Dispose() => remove();
}

/// <summary>
/// Bridges libtorch's gradient hooks to managed delegates: the shim calls <see cref="Invoke"/> with the
/// hook's id; managed exceptions are carried across as an error status and re-thrown from backward.
/// </summary>
internal static unsafe class GradientHooks
{
    private static readonly ConcurrentDictionary<long, Func<Tensor, Tensor?>> Hooks = new();
    private static long nextId;

    internal static GradientHookHandle Register(Tensor tensor, Func<Tensor, Tensor?> hook)
    {
        ArgumentNullException.ThrowIfNull(hook);
        var id = Interlocked.Increment(ref nextId);
        Hooks[id] = hook;
        long position;
        try
        {
            position = NativeError.Check(NativeMethods.trn_register_hook(tensor.Handle, &Invoke, id));
            GC.KeepAlive(tensor);
        }
        catch
        {
            Hooks.TryRemove(id, out _);
            throw;
        }

        return new GradientHookHandle(tensor, id, position);
    }

    internal static void Forget(long id) => Hooks.TryRemove(id, out _);

    [UnmanagedCallersOnly]
    private static int Invoke(long id, nint gradient, nint* replacement)
    {
        // The shim hands over a new handle to the gradient; its wrapper lives outside any scope and is
        // disposed here unless the hook returns it as the replacement.
        Tensor? incoming = null;
        try
        {
            incoming = new Tensor(gradient).DetachFromDisposeScope();
            if (!Hooks.TryGetValue(id, out var hook)) return 0;
            var result = hook(incoming);
            if (result is null) return 0;
            *replacement = NativeError.Check(NativeMethods.trn_tensor_alias(result.Handle));
            GC.KeepAlive(result);
            return 1;
        }
        catch (Exception e)
        {
            NativeError.PendingManagedException = e;
            NativeMethods.trn_set_managed_error($"gradient hook failed: {e.GetType().Name}: {e.Message}");
            return -1;
        }
        finally
        {
            incoming?.Dispose();
        }
    }
}
