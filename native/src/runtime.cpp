// Process-wide runtime: last-error storage, memory helpers, threads, BLAS detection, allocator tuning,
// grad modes and the default generator's seed.
#include "shim.h"

#include <ATen/Parallel.h>
#include <torch/csrc/api/include/torch/version.h>
#include <c10/core/GradMode.h>
#include <c10/core/InferenceMode.h>
#include <dlfcn.h>
#include <malloc.h>

#include <cstdlib>
#include <cstring>
#include <string>

namespace trn {
namespace {
thread_local std::string last_error_message;
thread_local ErrorKind last_error_kind = ErrorKind::None;
}  // namespace

void set_error(ErrorKind kind, const char* message) noexcept {
  try {
    last_error_kind = kind;
    last_error_message = message == nullptr ? "" : message;
  } catch (...) {
    // Out of memory while copying the message: keep the kind, drop the text.
    last_error_kind = kind;
  }
}

std::vector<at::Tensor> tensor_list(at::Tensor* const* handles, int32_t count) {
  std::vector<at::Tensor> result;
  result.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) result.push_back(deref(handles[i]));
  return result;
}

at::Tensor** handle_array(const std::vector<at::Tensor>& tensors, int32_t* count) {
  auto** out = static_cast<at::Tensor**>(std::malloc(sizeof(at::Tensor*) * (tensors.size() + 1)));
  if (out == nullptr) throw std::bad_alloc();
  for (size_t i = 0; i < tensors.size(); ++i) out[i] = new at::Tensor(tensors[i]);
  *count = static_cast<int32_t>(tensors.size());
  return out;
}

at::TensorOptions options(int8_t dtype) {
  auto opts = at::TensorOptions().device(at::kCPU);
  if (dtype >= 0) opts = opts.dtype(to_dtype(dtype));
  return opts;
}

}  // namespace trn

TRN_EXPORT int32_t trn_last_error_kind() TRN_TRY {
  return static_cast<int32_t>(trn::last_error_kind);
} TRN_CATCH(static_cast<int32_t>(trn::ErrorKind::Unknown))

// Valid until the next failing call on this thread; the managed side copies it at once.
TRN_EXPORT const char* trn_last_error_message() TRN_TRY {
  return trn::last_error_message.c_str();
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_clear_error() TRN_TRY {
  trn::last_error_kind = trn::ErrorKind::None;
  trn::last_error_message.clear();
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// Raised on purpose by tests: proves a native exception becomes a managed one and the process lives on.
TRN_EXPORT int32_t trn_test_throw(int32_t which) TRN_TRY {
  switch (which) {
    case 0: TORCH_CHECK(false, "deliberate c10::Error from trn_test_throw");
    case 1: throw std::runtime_error("deliberate std::runtime_error from trn_test_throw");
    case 2: throw std::bad_alloc();
    case 3: TORCH_CHECK_INDEX(false, "deliberate c10::IndexError from trn_test_throw");
    default: throw 42;  // not derived from std::exception
  }
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_free(void* pointer) TRN_TRY {
  std::free(pointer);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_set_num_threads(int32_t threads) TRN_TRY {
  if (threads < 1) throw trn::ArgumentError("the number of threads must be at least 1");
  at::set_num_threads(threads);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_get_num_threads() TRN_TRY {
  return at::get_num_threads();
} TRN_CATCH(TRN_FAIL)

// Large optimizer temporaries page-fault heavily under glibc's default thresholds (an AdamW step on
// 124M parameters: ~470 ms vs ~210 ms with raised thresholds), so keep big blocks in the heap.
TRN_EXPORT int32_t trn_tune_allocator(int64_t mmap_threshold, int64_t trim_threshold) TRN_TRY {
  if (mmap_threshold > 0) mallopt(M_MMAP_THRESHOLD, static_cast<int>(mmap_threshold));
  if (trim_threshold > 0) mallopt(M_TRIM_THRESHOLD, static_cast<int>(trim_threshold));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// The file that provides sgemm_ to libtorch, or "" if none is loaded. Debian's reference BLAS lives
// under .../blas/, OpenBLAS under .../openblas-*/; the managed side warns about the former.
TRN_EXPORT const char* trn_blas_library() TRN_TRY {
  static thread_local std::string path;
  path.clear();
  void* symbol = dlsym(RTLD_DEFAULT, "sgemm_");
  Dl_info info;
  if (symbol != nullptr && dladdr(symbol, &info) != 0 && info.dli_fname != nullptr) {
    char resolved[4096];
    path = realpath(info.dli_fname, resolved) != nullptr ? resolved : info.dli_fname;
  }
  return path.c_str();
} TRN_CATCH(nullptr)

TRN_EXPORT const char* trn_torch_version() TRN_TRY {
#define TRN_STR2(x) #x
#define TRN_STR(x) TRN_STR2(x)
  return TRN_STR(TORCH_VERSION_MAJOR) "." TRN_STR(TORCH_VERSION_MINOR) "." TRN_STR(TORCH_VERSION_PATCH);
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_manual_seed(int64_t seed) TRN_TRY {
  at::manual_seed(static_cast<uint64_t>(seed));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_is_grad_enabled() TRN_TRY {
  return c10::GradMode::is_enabled() ? 1 : 0;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_set_grad_enabled(uint8_t enabled) TRN_TRY {
  c10::GradMode::set_enabled(enabled != 0);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// Inference mode is an RAII guard in libtorch; the managed IDisposable holds it and deletes it.
TRN_EXPORT void* trn_inference_mode_enter(uint8_t enabled) TRN_TRY {
  return new c10::InferenceMode(enabled != 0);
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_inference_mode_exit(void* guard) TRN_TRY {
  delete static_cast<c10::InferenceMode*>(guard);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_is_inference_mode_enabled() TRN_TRY {
  return c10::InferenceMode::is_enabled() ? 1 : 0;
} TRN_CATCH(TRN_FAIL)
