using System.Runtime.InteropServices;

namespace Training.Torch.Native;

internal static unsafe partial class NativeMethods
{
    // lifecycle and metadata (native/src/tensor_lifecycle.cpp)
    [LibraryImport(Library)] internal static partial int trn_tensor_dispose(nint t);
    [LibraryImport(Library)] internal static partial nint trn_tensor_alias(nint t);
    [LibraryImport(Library)] internal static partial int trn_tensor_ndim(nint t);
    [LibraryImport(Library)] internal static partial int trn_tensor_shape(nint t, long* sizes, int capacity);
    [LibraryImport(Library)] internal static partial int trn_tensor_strides(nint t, long* strides, int capacity);
    [LibraryImport(Library)] internal static partial long trn_tensor_numel(nint t);
    [LibraryImport(Library)] internal static partial int trn_tensor_dtype(nint t);
    [LibraryImport(Library)] internal static partial long trn_tensor_element_size(nint t);
    [LibraryImport(Library)] internal static partial int trn_tensor_is_contiguous(nint t);
    [LibraryImport(Library)] internal static partial nint trn_tensor_storage_ptr(nint t);
    [LibraryImport(Library)] internal static partial long trn_tensor_storage_offset(nint t);
    [LibraryImport(Library)] internal static partial int trn_tensor_copy_to(nint t, sbyte dtype, void* destination, long byteCount);
    [LibraryImport(Library)] internal static partial int trn_tensor_copy_from(nint t, void* source, long byteCount);
    [LibraryImport(Library)] internal static partial nint trn_tensor_from_bytes(void* source, long byteCount, long* sizes, int ndim, sbyte dtype, byte requiresGrad);
    [LibraryImport(Library)] internal static partial int trn_tensor_item(nint t, sbyte dtype, void* destination);
    [LibraryImport(Library)] internal static partial byte* trn_tensor_to_string(nint t);

    // factories and generators (native/src/tensor_factories.cpp)
    [LibraryImport(Library)] internal static partial nint trn_tensor_new(int kind, long* sizes, int ndim, sbyte dtype, byte requiresGrad);
    [LibraryImport(Library)] internal static partial nint trn_tensor_full(long* sizes, int ndim, NativeScalar value, sbyte dtype, byte requiresGrad);
    [LibraryImport(Library)] internal static partial nint trn_tensor_arange(NativeScalar start, NativeScalar end, NativeScalar step, sbyte dtype, byte requiresGrad);
    [LibraryImport(Library)] internal static partial nint trn_tensor_linspace(double start, double end, long steps, sbyte dtype);
    [LibraryImport(Library)] internal static partial nint trn_tensor_eye(long n, long m, sbyte dtype);
    [LibraryImport(Library)] internal static partial nint trn_tensor_random(int kind, long* sizes, int ndim, sbyte dtype, byte requiresGrad, nint generator);
    [LibraryImport(Library)] internal static partial nint trn_tensor_randint(long low, long high, long* sizes, int ndim, sbyte dtype, nint generator);
    [LibraryImport(Library)] internal static partial nint trn_tensor_randperm(long n, nint generator);
    [LibraryImport(Library)] internal static partial int trn_tensor_random_(nint t, int kind, double a, double b, nint generator);
    [LibraryImport(Library)] internal static partial nint trn_tensor_multinomial(nint probabilities, long samples, byte replacement, nint generator);
    [LibraryImport(Library)] internal static partial nint trn_generator_new(long seed);
    [LibraryImport(Library)] internal static partial nint trn_generator_default();
    [LibraryImport(Library)] internal static partial int trn_generator_dispose(nint generator);
    [LibraryImport(Library)] internal static partial int trn_generator_manual_seed(nint generator, long seed);
    [LibraryImport(Library)] internal static partial long trn_generator_initial_seed(nint generator);
    [LibraryImport(Library)] internal static partial nint trn_generator_get_state(nint generator);
    [LibraryImport(Library)] internal static partial int trn_generator_set_state(nint generator, nint state);
}
