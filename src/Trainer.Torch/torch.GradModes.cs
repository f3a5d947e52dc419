using Training.Torch.Native;

namespace Training.Torch;

public static partial class torch
{
    /// <summary>Disables gradient recording on this thread until disposed (<c>using (torch.no_grad())</c>).</summary>
    public static IDisposable no_grad() => new GradModeScope(false);

    /// <summary>Enables (or disables) gradient recording on this thread until disposed.</summary>
    public static IDisposable enable_grad(bool enabled = true) => new GradModeScope(enabled);

    /// <summary>Sets gradient recording on this thread until disposed.</summary>
    public static IDisposable set_grad_enabled(bool enabled) => new GradModeScope(enabled);

    /// <summary>True when operations on this thread are recorded for autograd.</summary>
    public static bool is_grad_enabled() => NativeError.Check(NativeMethods.trn_is_grad_enabled()) != 0;

    /// <summary>
    /// Inference mode until disposed: like <see cref="no_grad"/> but cheaper; tensors created inside
    /// can never enter autograd later.
    /// </summary>
    public static IDisposable inference_mode(bool enabled = true) => new InferenceModeScope(enabled);

    /// <summary>True inside <see cref="inference_mode"/>.</summary>
    public static bool is_inference_mode_enabled() => NativeError.Check(NativeMethods.trn_is_inference_mode_enabled()) != 0;

    private sealed class GradModeScope : IDisposable
    {
        private readonly bool previous;
        private bool disposed;

        public GradModeScope(bool enabled)
        {
            previous = is_grad_enabled();
            NativeError.Check(NativeMethods.trn_set_grad_enabled(enabled ? (byte)1 : (byte)0));
        }

        public void Dispose()
        {
            if (disposed) return;
            disposed = true;
            NativeError.Check(NativeMethods.trn_set_grad_enabled(previous ? (byte)1 : (byte)0));
        }
    }

    // libtorch's InferenceMode is an RAII guard; the shim allocates it and this scope deletes it.
    private sealed class InferenceModeScope : IDisposable
    {
        private nint guard;

        public InferenceModeScope(bool enabled) => guard = NativeError.Check(NativeMethods.trn_inference_mode_enter(enabled ? (byte)1 : (byte)0));

        public void Dispose()
        {
            var g = Interlocked.Exchange(ref guard, 0);
            if (g != 0) NativeError.Check(NativeMethods.trn_inference_mode_exit(g));
        }
    }
}
