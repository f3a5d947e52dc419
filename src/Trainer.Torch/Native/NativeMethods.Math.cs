using System.Runtime.InteropServices;

namespace Training.Torch.Native;

internal static unsafe partial class NativeMethods
{
    // elementwise (native/src/tensor_elementwise.cpp)
    [LibraryImport(Library)] internal static partial nint trn_unary(int op, nint x);
    [LibraryImport(Library)] internal static partial int trn_unary_(int op, nint x);
    [LibraryImport(Library)] internal static partial nint trn_binary(int op, nint a, nint b, NativeScalar alpha);
    [LibraryImport(Library)] internal static partial int trn_binary_(int op, nint a, nint b, NativeScalar alpha);
    [LibraryImport(Library)] internal static partial nint trn_binary_scalar(int op, nint a, NativeScalar b, NativeScalar alpha);
    [LibraryImport(Library)] internal static partial int trn_binary_scalar_(int op, nint a, NativeScalar b, NativeScalar alpha);
    [LibraryImport(Library)] internal static partial nint trn_scalar_binary(int op, NativeScalar a, nint b);
    [LibraryImport(Library)] internal static partial nint trn_addc(int kind, nint self, nint t1, nint t2, NativeScalar value);
    [LibraryImport(Library)] internal static partial int trn_addc_(int kind, nint self, nint t1, nint t2, NativeScalar value);
    [LibraryImport(Library)] internal static partial nint trn_lerp(nint self, nint end, nint weightTensor, NativeScalar weight);
    [LibraryImport(Library)] internal static partial int trn_lerp_(nint self, nint end, nint weightTensor, NativeScalar weight);
    [LibraryImport(Library)] internal static partial nint trn_clamp(nint self, NativeScalar min, byte hasMin, NativeScalar max, byte hasMax);
    [LibraryImport(Library)] internal static partial int trn_clamp_(nint self, NativeScalar min, byte hasMin, NativeScalar max, byte hasMax);
    [LibraryImport(Library)] internal static partial nint trn_clamp_tensor(nint self, nint min, nint max);
    [LibraryImport(Library)] internal static partial nint trn_where(nint condition, nint a, nint b);
    [LibraryImport(Library)] internal static partial nint trn_where_scalar(nint condition, nint a, NativeScalar b);
    [LibraryImport(Library)] internal static partial nint trn_masked_fill(nint self, nint mask, NativeScalar value);
    [LibraryImport(Library)] internal static partial int trn_masked_fill_(nint self, nint mask, NativeScalar value);
    [LibraryImport(Library)] internal static partial int trn_fill_(nint self, NativeScalar value);
    [LibraryImport(Library)] internal static partial int trn_zero_(nint self);
    [LibraryImport(Library)] internal static partial int trn_copy_(nint self, nint source);
    [LibraryImport(Library)] internal static partial nint trn_to_dtype(nint self, sbyte dtype, byte copy);
    [LibraryImport(Library)] internal static partial int trn_allclose(nint a, nint b, double rtol, double atol, byte equalNan);
    [LibraryImport(Library)] internal static partial int trn_equal(nint a, nint b);

    // reductions (native/src/tensor_reductions.cpp)
    [LibraryImport(Library)] internal static partial nint trn_reduce(int op, nint self, long* dims, int ndims, byte hasDims, byte keepdim, sbyte dtype);
    [LibraryImport(Library)] internal static partial nint trn_norm(nint self, double p, long* dims, int ndims, byte hasDims, byte keepdim);
    [LibraryImport(Library)] internal static partial nint trn_var_std(int kind, nint self, long* dims, int ndims, byte hasDims, long correction, byte keepdim);
    [LibraryImport(Library)] internal static partial nint trn_arg_extreme(int kind, nint self, long dim, byte hasDim, byte keepdim);
    [LibraryImport(Library)] internal static partial int trn_values_indices(int kind, nint self, long dim, byte flag, nint* values, nint* indices);
    [LibraryImport(Library)] internal static partial int trn_topk(nint self, long k, long dim, byte largest, byte sorted, nint* values, nint* indices);
    [LibraryImport(Library)] internal static partial nint trn_cumulative(int kind, nint self, long dim, sbyte dtype);

    // shape (native/src/tensor_shape.cpp, tensor_indexing.cpp)
    [LibraryImport(Library)] internal static partial nint trn_shape_op(int kind, nint self, long* values, int count);
    [LibraryImport(Library)] internal static partial nint trn_transpose(nint self, long dim0, long dim1);
    [LibraryImport(Library)] internal static partial nint trn_t(nint self);
    [LibraryImport(Library)] internal static partial nint trn_flatten(nint self, long startDim, long endDim);
    [LibraryImport(Library)] internal static partial nint trn_view_dtype(nint self, sbyte dtype);
    [LibraryImport(Library)] internal static partial nint trn_squeeze(nint self, long dim, byte hasDim);
    [LibraryImport(Library)] internal static partial nint trn_unsqueeze(nint self, long dim);
    [LibraryImport(Library)] internal static partial nint trn_join(int kind, nint* tensors, int count, long dim);
    [LibraryImport(Library)] internal static partial nint* trn_split(int kind, nint self, long size, long* sizes, int nsizes, long dim, int* count);
    [LibraryImport(Library)] internal static partial nint trn_narrow(nint self, long dim, long start, long length);
    [LibraryImport(Library)] internal static partial nint trn_select(nint self, long dim, long index);
    [LibraryImport(Library)] internal static partial nint trn_slice(nint self, long dim, long start, long end, long step);
    [LibraryImport(Library)] internal static partial nint trn_index_select(nint self, long dim, nint index);
    [LibraryImport(Library)] internal static partial nint trn_gather(nint self, long dim, nint index);
    [LibraryImport(Library)] internal static partial nint trn_scatter(int kind, nint self, long dim, nint index, nint source, byte inplace);
    [LibraryImport(Library)] internal static partial nint trn_scatter_scalar(nint self, long dim, nint index, NativeScalar value, byte inplace);
    [LibraryImport(Library)] internal static partial nint trn_triangle(int kind, nint self, long diagonal);
    [LibraryImport(Library)] internal static partial nint trn_flip(nint self, long* dims, int ndims);
    [LibraryImport(Library)] internal static partial nint trn_roll(nint self, long* shifts, int nshifts, long* dims, int ndims);
    [LibraryImport(Library)] internal static partial nint trn_index(nint self, long* kinds, long* values, nint* tensors, int count);
    [LibraryImport(Library)] internal static partial int trn_index_put_(nint self, long* kinds, long* values, nint* tensors, int count, nint value, NativeScalar scalar);

    // linear algebra (native/src/tensor_linalg.cpp)
    [LibraryImport(Library)] internal static partial nint trn_matmul(int kind, nint a, nint b);
    [LibraryImport(Library)] internal static partial nint trn_addmm(nint self, nint a, nint b, double beta, double alpha);
    [LibraryImport(Library)] internal static partial int trn_linalg_svd(nint self, byte fullMatrices, nint* u, nint* s, nint* vh);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int trn_linalg_qr(nint self, string mode, nint* q, nint* r);
    [LibraryImport(Library)] internal static partial nint trn_linalg_vector_norm(nint self, double ord, long* dims, int ndims, byte hasDims, byte keepdim);
}
