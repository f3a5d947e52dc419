using System.Runtime.InteropServices;

namespace Training.Torch.Native;

/// <summary>
/// P/Invoke declarations of the shim, one partial file per native area. Every signature is blittable
/// (handles as <c>nint</c>, booleans as <c>byte</c>), so calls need no marshalling stubs. Exports return a
/// sentinel (<c>0</c> handle or <c>-1</c> status) on failure; <see cref="NativeError"/> turns it into an exception.
/// </summary>
internal static unsafe partial class NativeMethods
{
    internal const string Library = "trainer_native";

    [LibraryImport(Library)] internal static partial int trn_last_error_kind();
    [LibraryImport(Library)] internal static partial byte* trn_last_error_message();
    [LibraryImport(Library)] internal static partial int trn_clear_error();
    [LibraryImport(Library)] internal static partial int trn_test_throw(int which);
    [LibraryImport(Library)] internal static partial int trn_free(void* pointer);
    [LibraryImport(Library)] internal static partial int trn_set_num_threads(int threads);
    [LibraryImport(Library)] internal static partial int trn_get_num_threads();
    [LibraryImport(Library)] internal static partial int trn_tune_allocator(long mmapThreshold, long trimThreshold);
    [LibraryImport(Library)] internal static partial byte* trn_blas_library();
    [LibraryImport(Library)] internal static partial byte* trn_torch_version();
    [LibraryImport(Library)] internal static partial int trn_manual_seed(long seed);
    [LibraryImport(Library)] internal static partial int trn_is_grad_enabled();
    [LibraryImport(Library)] internal static partial int trn_set_grad_enabled(byte enabled);
    [LibraryImport(Library)] internal static partial nint trn_inference_mode_enter(byte enabled);
    [LibraryImport(Library)] internal static partial int trn_inference_mode_exit(nint guard);
    [LibraryImport(Library)] internal static partial int trn_is_inference_mode_enabled();
}
