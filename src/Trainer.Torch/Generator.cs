using Training.Torch.Native;

namespace Training.Torch;

/// <summary>
/// A CPU random number generator (Philox/MT19937 as in PyTorch). Seed it for reproducible sampling;
/// <see cref="get_state"/> / <see cref="set_state"/> capture and restore it exactly, for checkpoints.
/// </summary>
public sealed class Generator : IDisposable
{
    private nint handle;

    /// <summary>Creates a generator seeded with <paramref name="seed"/>.</summary>
    public Generator(ulong seed = 0, Device? device = null)
    {
        Device.EnsureAvailable(device);
        handle = NativeError.Check(NativeMethods.trn_generator_new(unchecked((long)seed)));
    }

    private Generator(nint handle) => this.handle = handle;

    internal static Generator CreateDefault() => new(NativeError.Check(NativeMethods.trn_generator_default()));

    /// <summary>The native handle.</summary>
    public nint Handle => handle != 0 ? handle : throw new ObjectDisposedException(nameof(Generator));

    /// <summary>Re-seeds the generator and returns it.</summary>
    public Generator manual_seed(ulong seed)
    {
        NativeError.Check(NativeMethods.trn_generator_manual_seed(Handle, unchecked((long)seed)));
        return this;
    }

    /// <summary>The seed last set.</summary>
    public ulong initial_seed()
    {
        NativeMethods.trn_clear_error();
        var seed = NativeMethods.trn_generator_initial_seed(Handle);
        // -1 is both a valid seed (ulong.MaxValue) and the error sentinel: consult the error state.
        if (seed == -1 && NativeMethods.trn_last_error_kind() != 0) NativeError.Throw();
        return unchecked((ulong)seed);
    }

    /// <summary>The complete state as a uint8 tensor (PyTorch's layout).</summary>
    public Tensor get_state() => Tensor.Wrap(NativeMethods.trn_generator_get_state(Handle));

    /// <summary>Restores a state captured by <see cref="get_state"/>.</summary>
    public Generator set_state(Tensor state)
    {
        ArgumentNullException.ThrowIfNull(state);
        NativeError.Check(NativeMethods.trn_generator_set_state(Handle, state.Handle));
        GC.KeepAlive(state);
        return this;
    }

    /// <summary>Releases the native generator (the default generator itself lives on).</summary>
    public void Dispose()
    {
        var h = Interlocked.Exchange(ref handle, 0);
        if (h != 0) NativeMethods.trn_generator_dispose(h);
        GC.SuppressFinalize(this);
    }

    /// <summary>Finalizer backstop.</summary>
    ~Generator()
    {
        var h = Interlocked.Exchange(ref handle, 0);
        if (h != 0) NativeMethods.trn_generator_dispose(h);
    }
}
