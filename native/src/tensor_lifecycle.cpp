// Tensor handles: disposal, metadata, raw data in and out of managed memory, item().
#include "shim.h"

#include <cstring>

TRN_EXPORT int32_t trn_tensor_dispose(TensorHandle t) TRN_TRY {
  delete t;
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// A second handle to the same tensor (same TensorImpl, same autograd identity).
TRN_EXPORT TensorHandle trn_tensor_alias(TensorHandle t) TRN_TRY {
  return trn::wrap(trn::deref(t));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_tensor_ndim(TensorHandle t) TRN_TRY {
  return static_cast<int32_t>(trn::deref(t).dim());
} TRN_CATCH(TRN_FAIL)

// Writes up to `capacity` sizes; returns the number of dimensions.
TRN_EXPORT int32_t trn_tensor_shape(TensorHandle t, int64_t* sizes, int32_t capacity) TRN_TRY {
  const auto& x = trn::deref(t);
  const auto n = static_cast<int32_t>(x.dim());
  for (int32_t i = 0; i < n && i < capacity; ++i) sizes[i] = x.size(i);
  return n;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_tensor_strides(TensorHandle t, int64_t* strides, int32_t capacity) TRN_TRY {
  const auto& x = trn::deref(t);
  const auto n = static_cast<int32_t>(x.dim());
  for (int32_t i = 0; i < n && i < capacity; ++i) strides[i] = x.stride(i);
  return n;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int64_t trn_tensor_numel(TensorHandle t) TRN_TRY {
  return trn::deref(t).numel();
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_tensor_dtype(TensorHandle t) TRN_TRY {
  return static_cast<int32_t>(trn::deref(t).scalar_type());
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int64_t trn_tensor_element_size(TensorHandle t) TRN_TRY {
  return static_cast<int64_t>(trn::deref(t).element_size());
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_tensor_is_contiguous(TensorHandle t) TRN_TRY {
  return trn::deref(t).is_contiguous() ? 1 : 0;
} TRN_CATCH(TRN_FAIL)

// True when both handles view the same storage bytes (used by serializers to share storages).
TRN_EXPORT void* trn_tensor_storage_ptr(TensorHandle t) TRN_TRY {
  const auto& x = trn::deref(t);
  return x.storage().data();
} TRN_CATCH(nullptr)

TRN_EXPORT int64_t trn_tensor_storage_offset(TensorHandle t) TRN_TRY {
  return trn::deref(t).storage_offset();
} TRN_CATCH(TRN_FAIL)

// Copies the tensor's elements (row-major, converted to `dtype` when it differs) into `destination`.
TRN_EXPORT int32_t trn_tensor_copy_to(TensorHandle t, int8_t dtype, void* destination, int64_t byte_count) TRN_TRY {
  auto x = trn::deref(t).detach();
  if (x.scalar_type() != trn::to_dtype(dtype)) x = x.to(trn::to_dtype(dtype));
  x = x.contiguous();
  const auto bytes = static_cast<int64_t>(x.numel() * x.element_size());
  if (bytes != byte_count)
    throw trn::ArgumentError("destination holds " + std::to_string(byte_count) + " bytes but the tensor has " +
                             std::to_string(bytes));
  if (bytes > 0) std::memcpy(destination, x.data_ptr(), static_cast<size_t>(bytes));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// Overwrites the tensor's elements from `source` (row-major, in the tensor's own dtype), in place.
TRN_EXPORT int32_t trn_tensor_copy_from(TensorHandle t, const void* source, int64_t byte_count) TRN_TRY {
  auto& x = trn::deref_mut(t);
  const auto bytes = static_cast<int64_t>(x.numel() * x.element_size());
  if (bytes != byte_count)
    throw trn::ArgumentError("source holds " + std::to_string(byte_count) + " bytes but the tensor needs " +
                             std::to_string(bytes));
  at::NoGradGuard no_grad;
  if (x.is_contiguous()) {
    if (bytes > 0) std::memcpy(x.data_ptr(), source, static_cast<size_t>(bytes));
  } else {
    auto staged = at::empty(x.sizes(), x.options().requires_grad(false));
    if (bytes > 0) std::memcpy(staged.data_ptr(), source, static_cast<size_t>(bytes));
    x.copy_(staged);
  }
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// A new tensor holding a copy of `source` (the managed buffer can be released right after the call).
TRN_EXPORT TensorHandle trn_tensor_from_bytes(const void* source, int64_t byte_count, const int64_t* sizes,
                                              int32_t ndim, int8_t dtype, uint8_t requires_grad) TRN_TRY {
  auto x = at::empty(trn::dims(sizes, ndim), trn::options(dtype));
  const auto bytes = static_cast<int64_t>(x.numel() * x.element_size());
  if (bytes != byte_count)
    throw trn::ArgumentError("the data holds " + std::to_string(byte_count) + " bytes but shape and dtype need " +
                             std::to_string(bytes));
  if (bytes > 0) std::memcpy(x.data_ptr(), source, static_cast<size_t>(bytes));
  return trn::wrap(trn::leaf(std::move(x), requires_grad != 0));
} TRN_CATCH(nullptr)

// Reads a one-element tensor as `dtype` into `destination` (8 bytes of room).
TRN_EXPORT int32_t trn_tensor_item(TensorHandle t, int8_t dtype, void* destination) TRN_TRY {
  const auto& x = trn::deref(t);
  if (x.numel() != 1)
    throw trn::ArgumentError("item() needs a tensor with exactly one element, this one has " +
                             std::to_string(x.numel()));
  const auto value = x.item();
  switch (trn::to_dtype(dtype)) {
    case at::kFloat: *static_cast<float*>(destination) = value.toFloat(); break;
    case at::kDouble: *static_cast<double*>(destination) = value.toDouble(); break;
    case at::kLong: *static_cast<int64_t*>(destination) = value.toLong(); break;
    case at::kInt: *static_cast<int32_t*>(destination) = value.toInt(); break;
    case at::kShort: *static_cast<int16_t*>(destination) = value.toShort(); break;
    case at::kChar: *static_cast<int8_t*>(destination) = value.toChar(); break;
    case at::kByte: *static_cast<uint8_t*>(destination) = value.toByte(); break;
    case at::kBool: *static_cast<uint8_t*>(destination) = value.toBool() ? 1 : 0; break;
    case at::kHalf: *static_cast<at::Half*>(destination) = value.toHalf(); break;
    case at::kBFloat16: *static_cast<at::BFloat16*>(destination) = value.toBFloat16(); break;
    default: throw trn::ArgumentError("item(): unsupported element type");
  }
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT const char* trn_tensor_to_string(TensorHandle t) TRN_TRY {
  static thread_local std::string text;
  std::ostringstream stream;
  stream << trn::deref(t);
  text = stream.str();
  return text.c_str();
} TRN_CATCH(nullptr)
