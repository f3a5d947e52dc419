// Shared conventions of the shim. Every exported function:
//   * is declared with TRN_EXPORT (extern "C", default visibility; everything else is hidden);
//   * has a function-try-block: `TRN_EXPORT T name(args) TRN_TRY { ... } TRN_CATCH(sentinel)`.
// TRN_CATCH turns every C++ exception into a thread-local error (kind + message) and returns the
// sentinel (nullptr for handles, -1 for status codes), so no exception ever unwinds into managed code.
// The managed side checks the sentinel and only then reads the error. A convention test fails the
// build's tests if an export lacks the pair.
#pragma once

#include <ATen/ATen.h>
#include <c10/util/Exception.h>

#include <cstdint>
#include <new>
#include <stdexcept>
#include <vector>

#define TRN_EXPORT extern "C" __attribute__((visibility("default")))

namespace trn {

// Mirrored by Training.Torch.TorchErrorKind.
enum class ErrorKind : int32_t {
  None = 0,
  Torch = 1,
  Index = 2,
  Value = 3,
  Type = 4,
  NotImplemented = 5,
  LinAlg = 6,
  OutOfMemory = 7,
  Std = 8,
  Unknown = 9,
  Managed = 10,
};

void set_error(ErrorKind kind, const char* message) noexcept;

// Raised by shim code for invalid arguments that libtorch itself would not catch.
struct ArgumentError : std::invalid_argument {
  using std::invalid_argument::invalid_argument;
};

inline at::Tensor* wrap(at::Tensor t) { return new at::Tensor(std::move(t)); }

// An undefined tensor (e.g. an absent gradient) crosses the boundary as nullptr.
inline at::Tensor* wrap_optional(at::Tensor t) {
  return t.defined() ? new at::Tensor(std::move(t)) : nullptr;
}

inline const at::Tensor& deref(const at::Tensor* t) {
  if (t == nullptr) throw ArgumentError("tensor handle is null (the tensor was disposed?)");
  return *t;
}

inline at::Tensor& deref_mut(at::Tensor* t) {
  if (t == nullptr) throw ArgumentError("tensor handle is null (the tensor was disposed?)");
  return *t;
}

inline at::Tensor optional_tensor(const at::Tensor* t) { return t == nullptr ? at::Tensor() : *t; }

inline at::IntArrayRef dims(const int64_t* values, int32_t count) {
  return at::IntArrayRef(values, static_cast<size_t>(count));
}

std::vector<at::Tensor> tensor_list(at::Tensor* const* handles, int32_t count);

// Returns a malloc'd array of new handles; the managed side wraps them and frees the array with trn_free.
at::Tensor** handle_array(const std::vector<at::Tensor>& tensors, int32_t* count);

// A scalar passed by value from managed code: no native Scalar object is ever allocated.
struct ScalarArg {
  double real;
  int64_t integer;
  int32_t kind;  // 0 = floating, 1 = integral, 2 = boolean
};

inline at::Scalar to_scalar(ScalarArg s) {
  switch (s.kind) {
    case 1: return at::Scalar(s.integer);
    case 2: return at::Scalar(s.integer != 0);
    default: return at::Scalar(s.real);
  }
}

inline at::ScalarType to_dtype(int8_t code) { return static_cast<at::ScalarType>(code); }

// -1 means "not given" for optional dtypes.
inline c10::optional<at::ScalarType> optional_dtype(int8_t code) {
  if (code < 0) return c10::nullopt;
  return to_dtype(code);
}

// ATen's factories ignore TensorOptions::requires_grad (only torch:: factories honour it), so the
// shim creates tensors without it and marks them afterwards with `leaf`.
at::TensorOptions options(int8_t dtype);

inline at::Tensor leaf(at::Tensor t, bool requires_grad) {
  if (requires_grad) t.requires_grad_(true);
  return t;
}

}  // namespace trn

typedef at::Tensor* TensorHandle;

#define TRN_TRY try

#define TRN_CATCH(sentinel)                                                             \
  catch (const c10::OutOfMemoryError& e) {                                              \
    ::trn::set_error(::trn::ErrorKind::OutOfMemory, e.what_without_backtrace());        \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const c10::IndexError& e) {                                                    \
    ::trn::set_error(::trn::ErrorKind::Index, e.what_without_backtrace());              \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const c10::ValueError& e) {                                                    \
    ::trn::set_error(::trn::ErrorKind::Value, e.what_without_backtrace());              \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const c10::TypeError& e) {                                                     \
    ::trn::set_error(::trn::ErrorKind::Type, e.what_without_backtrace());               \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const c10::NotImplementedError& e) {                                           \
    ::trn::set_error(::trn::ErrorKind::NotImplemented, e.what_without_backtrace());     \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const c10::LinAlgError& e) {                                                   \
    ::trn::set_error(::trn::ErrorKind::LinAlg, e.what_without_backtrace());             \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const c10::Error& e) {                                                         \
    ::trn::set_error(::trn::ErrorKind::Torch, e.what_without_backtrace());              \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const std::bad_alloc& e) {                                                     \
    ::trn::set_error(::trn::ErrorKind::OutOfMemory, e.what());                          \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const ::trn::ArgumentError& e) {                                               \
    ::trn::set_error(::trn::ErrorKind::Value, e.what());                                \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (const std::exception& e) {                                                     \
    ::trn::set_error(::trn::ErrorKind::Std, e.what());                                  \
    return sentinel;                                                                    \
  }                                                                                     \
  catch (...) {                                                                         \
    ::trn::set_error(::trn::ErrorKind::Unknown, "unknown native exception");            \
    return sentinel;                                                                    \
  }

#define TRN_OK 0
#define TRN_FAIL -1
