using Training.Torch.Native;

namespace Training.Torch;

/// <summary>
/// A tensor: the owner of exactly one native handle (a heap-allocated <c>at::Tensor</c>). Disposal is
/// idempotent and a finalizer is the backstop; tensors created inside a <see cref="DisposeScope"/> are
/// disposed with it. The surface follows TorchSharp and PyTorch names (<c>add_</c>, <c>requires_grad</c>).
/// <c>==</c> compares elementwise and returns a tensor, as in TorchSharp: test for null with <c>is null</c>.
/// </summary>
public partial class Tensor : IDisposable
{
    private static long liveCount;
    private static long peakCount;

    private nint handle;

    internal DisposeScope? OwningScope;

    internal Tensor(nint handle)
    {
        this.handle = handle;
        var live = Interlocked.Increment(ref liveCount);
        long peak;
        while (live > (peak = Interlocked.Read(ref peakCount)) &&
               Interlocked.CompareExchange(ref peakCount, live, peak) != peak)
        {
        }

        DisposeScope.RegisterWithCurrent(this);
    }

    /// <summary>Takes over another tensor's native handle (the source becomes disposed), like TorchSharp's Parameter.</summary>
    internal Tensor(Tensor source, bool steal)
        : this(steal ? source.TakeHandle() : NativeError.Check(NativeMethods.trn_tensor_alias(source.Handle)))
    {
        GC.KeepAlive(source);
    }

    /// <summary>Number of native tensors currently alive in this process (for leak tests).</summary>
    public static long TotalCount => Interlocked.Read(ref liveCount);

    /// <summary>The highest <see cref="TotalCount"/> seen since start or the last <see cref="ResetPeakCount"/>.</summary>
    public static long PeakCount => Interlocked.Read(ref peakCount);

    /// <summary>Resets <see cref="PeakCount"/> to the current live count.</summary>
    public static void ResetPeakCount() => Interlocked.Exchange(ref peakCount, Interlocked.Read(ref liveCount));

    /// <summary>The native handle; throws once the tensor is disposed.</summary>
    public nint Handle
    {
        get
        {
            var h = handle;
            if (h == 0) ThrowDisposed();
            return h;
        }
    }

    /// <summary>True once the native handle is released.</summary>
    public bool IsInvalid => handle == 0;

    private static void ThrowDisposed() =>
        throw new ObjectDisposedException(nameof(Tensor), "The tensor was disposed (explicitly or by its DisposeScope).");

    private nint TakeHandle()
    {
        var h = Interlocked.Exchange(ref handle, 0);
        if (h == 0) ThrowDisposed();
        OwningScope?.Remove(this);
        OwningScope = null;
        Interlocked.Decrement(ref liveCount);
        GC.SuppressFinalize(this);
        return h;
    }

    /// <summary>Releases the native tensor (once; later calls do nothing).</summary>
    public void Dispose()
    {
        Dispose(true);
        GC.SuppressFinalize(this);
    }

    /// <summary>Releases the native handle; <paramref name="disposing"/> is false from the finalizer.</summary>
    protected virtual void Dispose(bool disposing)
    {
        var h = Interlocked.Exchange(ref handle, 0);
        if (h == 0) return;
        if (disposing)
        {
            OwningScope?.Remove(this);
            OwningScope = null;
        }

        NativeMethods.trn_tensor_dispose(h);
        Interlocked.Decrement(ref liveCount);
    }

    /// <summary>Finalizer backstop for tensors that were never disposed.</summary>
    ~Tensor() => Dispose(false);

    /// <summary>Moves this tensor to the scope enclosing its current one.</summary>
    public Tensor MoveToOuterDisposeScope()
    {
        if (OwningScope is not null) OwningScope.MoveToOuter(this);
        return this;
    }

    /// <summary>Takes this tensor out of its dispose scope: the caller owns it.</summary>
    public Tensor DetachFromDisposeScope()
    {
        OwningScope?.Remove(this);
        OwningScope = null;
        return this;
    }

    /// <summary>Wraps a handle returned by the shim, throwing the native error if it is the null sentinel.</summary>
    internal static Tensor Wrap(nint result) => new(NativeError.Check(result));

    /// <summary>Wraps a handle that may legitimately be null (e.g. an absent gradient).</summary>
    internal static Tensor? WrapOptional(nint result) => result == 0 ? null : new Tensor(result);

    /// <summary>Copies the handles of <paramref name="tensors"/> for a native call (caller keeps them alive).</summary>
    internal static nint[] Handles(IReadOnlyList<Tensor> tensors)
    {
        var handles = new nint[tensors.Count];
        for (var i = 0; i < handles.Length; i++) handles[i] = tensors[i].Handle;
        return handles;
    }

    /// <summary>Wraps and frees a native handle array returned by the shim.</summary>
    internal static unsafe Tensor[] WrapArray(nint* array, int count)
    {
        if (array is null) NativeError.Throw();
        try
        {
            var result = new Tensor[count];
            for (var i = 0; i < count; i++) result[i] = new Tensor(array[i]);
            return result;
        }
        finally
        {
            NativeMethods.trn_free(array);
        }
    }

    /// <summary>Reference equality (the <c>==</c> operator is elementwise).</summary>
    public override bool Equals(object? obj) => ReferenceEquals(this, obj);

    /// <summary>Identity hash (the <c>==</c> operator is elementwise).</summary>
    public override int GetHashCode() => System.Runtime.CompilerServices.RuntimeHelpers.GetHashCode(this);
}
