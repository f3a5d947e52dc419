// Tensor factories. Random factories take an optional generator (nullptr = the default CPU generator).
#include "shim.h"

#include <ATen/CPUGeneratorImpl.h>

namespace {
c10::optional<at::Generator> generator_or_default(const at::Generator* generator) {
  if (generator == nullptr) return c10::nullopt;
  return *generator;
}
}  // namespace

// kind: 0 zeros, 1 ones, 2 empty
TRN_EXPORT TensorHandle trn_tensor_new(int32_t kind, const int64_t* sizes, int32_t ndim, int8_t dtype,
                                       uint8_t requires_grad) TRN_TRY {
  const auto shape = trn::dims(sizes, ndim);
  const auto opts = trn::options(dtype);
  const bool grad = requires_grad != 0;
  switch (kind) {
    case 0: return trn::wrap(trn::leaf(at::zeros(shape, opts), grad));
    case 1: return trn::wrap(trn::leaf(at::ones(shape, opts), grad));
    case 2: return trn::wrap(trn::leaf(at::empty(shape, opts), grad));
    default: throw trn::ArgumentError("unknown factory kind");
  }
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_tensor_full(const int64_t* sizes, int32_t ndim, trn::ScalarArg value, int8_t dtype,
                                        uint8_t requires_grad) TRN_TRY {
  const auto s = trn::to_scalar(value);
  // Without a dtype, full() infers it from the value (an integral scalar gives int64), as in PyTorch.
  auto opts = dtype >= 0 ? trn::options(dtype) : trn::options(dtype).dtype(s.isFloatingPoint() ? at::get_default_dtype_as_scalartype() : (s.isBoolean() ? at::kBool : at::kLong));
  return trn::wrap(trn::leaf(at::full(trn::dims(sizes, ndim), s, opts), requires_grad != 0));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_tensor_arange(trn::ScalarArg start, trn::ScalarArg end, trn::ScalarArg step,
                                          int8_t dtype, uint8_t requires_grad) TRN_TRY {
  return trn::wrap(trn::leaf(at::arange(trn::to_scalar(start), trn::to_scalar(end), trn::to_scalar(step),
                                        trn::options(dtype)), requires_grad != 0));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_tensor_linspace(double start, double end, int64_t steps, int8_t dtype) TRN_TRY {
  return trn::wrap(at::linspace(start, end, steps, trn::options(dtype)));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_tensor_eye(int64_t n, int64_t m, int8_t dtype) TRN_TRY {
  return trn::wrap(at::eye(n, m, trn::options(dtype)));
} TRN_CATCH(nullptr)

// kind: 0 rand (uniform [0,1)), 1 randn (standard normal)
TRN_EXPORT TensorHandle trn_tensor_random(int32_t kind, const int64_t* sizes, int32_t ndim, int8_t dtype,
                                          uint8_t requires_grad, const at::Generator* generator) TRN_TRY {
  const auto shape = trn::dims(sizes, ndim);
  const auto opts = trn::options(dtype);
  switch (kind) {
    case 0: return trn::wrap(trn::leaf(at::rand(shape, generator_or_default(generator), opts), requires_grad != 0));
    case 1: return trn::wrap(trn::leaf(at::randn(shape, generator_or_default(generator), opts), requires_grad != 0));
    default: throw trn::ArgumentError("unknown random kind");
  }
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_tensor_randint(int64_t low, int64_t high, const int64_t* sizes, int32_t ndim,
                                           int8_t dtype, const at::Generator* generator) TRN_TRY {
  return trn::wrap(at::randint(low, high, trn::dims(sizes, ndim), generator_or_default(generator),
                               trn::options(dtype < 0 ? static_cast<int8_t>(at::kLong) : dtype)));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_tensor_randperm(int64_t n, const at::Generator* generator) TRN_TRY {
  return trn::wrap(at::randperm(n, generator_or_default(generator), at::TensorOptions().dtype(at::kLong)));
} TRN_CATCH(nullptr)

// In-place random fills used by weight initialisers. kind: 0 uniform_(a, b), 1 normal_(a = mean, b = std),
// 2 bernoulli_(a = p)
TRN_EXPORT int32_t trn_tensor_random_(TensorHandle t, int32_t kind, double a, double b,
                                      const at::Generator* generator) TRN_TRY {
  at::NoGradGuard no_grad;
  auto& x = trn::deref_mut(t);
  switch (kind) {
    case 0: x.uniform_(a, b, generator_or_default(generator)); break;
    case 1: x.normal_(a, b, generator_or_default(generator)); break;
    case 2: x.bernoulli_(a, generator_or_default(generator)); break;
    default: throw trn::ArgumentError("unknown random fill kind");
  }
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT TensorHandle trn_tensor_multinomial(TensorHandle probabilities, int64_t samples, uint8_t replacement,
                                               const at::Generator* generator) TRN_TRY {
  return trn::wrap(at::multinomial(trn::deref(probabilities), samples, replacement != 0,
                                   generator_or_default(generator)));
} TRN_CATCH(nullptr)

// ---- generators ----

TRN_EXPORT at::Generator* trn_generator_new(int64_t seed) TRN_TRY {
  return new at::Generator(at::make_generator<at::CPUGeneratorImpl>(static_cast<uint64_t>(seed)));
} TRN_CATCH(nullptr)

// A handle sharing the process-wide default CPU generator.
TRN_EXPORT at::Generator* trn_generator_default() TRN_TRY {
  return new at::Generator(at::detail::getDefaultCPUGenerator());
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_generator_dispose(at::Generator* generator) TRN_TRY {
  delete generator;
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_generator_manual_seed(at::Generator* generator, int64_t seed) TRN_TRY {
  std::lock_guard<std::mutex> lock(generator->mutex());
  generator->set_current_seed(static_cast<uint64_t>(seed));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int64_t trn_generator_initial_seed(at::Generator* generator) TRN_TRY {
  return static_cast<int64_t>(generator->current_seed());
} TRN_CATCH(TRN_FAIL)

// The generator's full state as a uint8 tensor (PyTorch's get_state layout), for checkpoints.
TRN_EXPORT TensorHandle trn_generator_get_state(at::Generator* generator) TRN_TRY {
  std::lock_guard<std::mutex> lock(generator->mutex());
  return trn::wrap(generator->get_state());
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_generator_set_state(at::Generator* generator, TensorHandle state) TRN_TRY {
  std::lock_guard<std::mutex> lock(generator->mutex());
  generator->set_state(trn::deref(state));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)
