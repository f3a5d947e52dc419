// Views, reshapes, joins and splits.
#include "shim.h"

// kind: 0 view, 1 reshape, 2 expand, 3 permute, 4 repeat
TRN_EXPORT TensorHandle trn_shape_op(int32_t kind, TensorHandle self, const int64_t* values, int32_t count) TRN_TRY {
  const auto& x = trn::deref(self);
  const auto v = trn::dims(values, count);
  switch (kind) {
    case 0: return trn::wrap(x.view(v));
    case 1: return trn::wrap(x.reshape(v));
    case 2: return trn::wrap(x.expand(v));
    case 3: return trn::wrap(x.permute(v));
    case 4: return trn::wrap(x.repeat(v));
    default: throw trn::ArgumentError("unknown shape operation code");
  }
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_transpose(TensorHandle self, int64_t dim0, int64_t dim1) TRN_TRY {
  return trn::wrap(trn::deref(self).transpose(dim0, dim1));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_t(TensorHandle self) TRN_TRY {
  return trn::wrap(trn::deref(self).t());
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_flatten(TensorHandle self, int64_t start_dim, int64_t end_dim) TRN_TRY {
  return trn::wrap(trn::deref(self).flatten(start_dim, end_dim));
} TRN_CATCH(nullptr)

// has_dim == 0 squeezes every size-1 dimension.
TRN_EXPORT TensorHandle trn_squeeze(TensorHandle self, int64_t dim, uint8_t has_dim) TRN_TRY {
  const auto& x = trn::deref(self);
  return trn::wrap(has_dim != 0 ? x.squeeze(dim) : x.squeeze());
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_unsqueeze(TensorHandle self, int64_t dim) TRN_TRY {
  return trn::wrap(trn::deref(self).unsqueeze(dim));
} TRN_CATCH(nullptr)

// kind: 0 cat, 1 stack
TRN_EXPORT TensorHandle trn_join(int32_t kind, TensorHandle* tensors, int32_t count, int64_t dim) TRN_TRY {
  const auto list = trn::tensor_list(tensors, count);
  return trn::wrap(kind == 0 ? at::cat(list, dim) : at::stack(list, dim));
} TRN_CATCH(nullptr)

// kind: 0 split into pieces of `size`, 1 split with explicit sizes, 2 chunk into `size` pieces,
// 3 unbind along dim. Returns a malloc'd handle array (free with trn_free).
TRN_EXPORT TensorHandle* trn_split(int32_t kind, TensorHandle self, int64_t size, const int64_t* sizes,
                                   int32_t nsizes, int64_t dim, int32_t* count) TRN_TRY {
  const auto& x = trn::deref(self);
  std::vector<at::Tensor> parts;
  switch (kind) {
    case 0: parts = x.split(size, dim); break;
    case 1: parts = x.split_with_sizes(trn::dims(sizes, nsizes), dim); break;
    case 2: parts = x.chunk(size, dim); break;
    case 3: parts = x.unbind(dim); break;
    default: throw trn::ArgumentError("unknown split code");
  }
  return trn::handle_array(parts, count);
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_narrow(TensorHandle self, int64_t dim, int64_t start, int64_t length) TRN_TRY {
  return trn::wrap(trn::deref(self).narrow(dim, start, length));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_select(TensorHandle self, int64_t dim, int64_t index) TRN_TRY {
  return trn::wrap(trn::deref(self).select(dim, index));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_slice(TensorHandle self, int64_t dim, int64_t start, int64_t end, int64_t step) TRN_TRY {
  return trn::wrap(trn::deref(self).slice(dim, start, end, step));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_index_select(TensorHandle self, int64_t dim, TensorHandle index) TRN_TRY {
  return trn::wrap(at::index_select(trn::deref(self), dim, trn::deref(index)));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_gather(TensorHandle self, int64_t dim, TensorHandle index) TRN_TRY {
  return trn::wrap(at::gather(trn::deref(self), dim, trn::deref(index)));
} TRN_CATCH(nullptr)

// kind: 0 scatter (src tensor), 1 scatter_add. inplace != 0 modifies self and returns a new handle to it.
TRN_EXPORT TensorHandle trn_scatter(int32_t kind, TensorHandle self, int64_t dim, TensorHandle index,
                                    TensorHandle source, uint8_t inplace) TRN_TRY {
  auto& x = trn::deref_mut(self);
  const auto& i = trn::deref(index);
  const auto& s = trn::deref(source);
  if (inplace != 0) {
    if (kind == 0) x.scatter_(dim, i, s);
    else x.scatter_add_(dim, i, s);
    return trn::wrap(x);
  }
  return trn::wrap(kind == 0 ? at::scatter(x, dim, i, s) : at::scatter_add(x, dim, i, s));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_scatter_scalar(TensorHandle self, int64_t dim, TensorHandle index, trn::ScalarArg value,
                                           uint8_t inplace) TRN_TRY {
  auto& x = trn::deref_mut(self);
  if (inplace != 0) {
    x.scatter_(dim, trn::deref(index), trn::to_scalar(value));
    return trn::wrap(x);
  }
  return trn::wrap(at::scatter(x, dim, trn::deref(index), trn::to_scalar(value)));
} TRN_CATCH(nullptr)

// kind: 0 tril, 1 triu
TRN_EXPORT TensorHandle trn_triangle(int32_t kind, TensorHandle self, int64_t diagonal) TRN_TRY {
  const auto& x = trn::deref(self);
  return trn::wrap(kind == 0 ? at::tril(x, diagonal) : at::triu(x, diagonal));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_flip(TensorHandle self, const int64_t* dims, int32_t ndims) TRN_TRY {
  return trn::wrap(at::flip(trn::deref(self), trn::dims(dims, ndims)));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_roll(TensorHandle self, const int64_t* shifts, int32_t nshifts, const int64_t* dims,
                                 int32_t ndims) TRN_TRY {
  return trn::wrap(at::roll(trn::deref(self), trn::dims(shifts, nshifts), trn::dims(dims, ndims)));
} TRN_CATCH(nullptr)

// Reinterprets the bytes as another dtype of the same element size (Tensor.view(dtype)): exact bit access, e.g.
// a float32 tensor viewed as int32 to read exponent fields.
TRN_EXPORT TensorHandle trn_view_dtype(TensorHandle self, int8_t dtype) TRN_TRY {
  return trn::wrap(trn::deref(self).view(trn::to_dtype(dtype)));
} TRN_CATCH(nullptr)
