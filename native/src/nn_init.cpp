// torch.nn.init operations that need ops the managed binding does not expose (erfinv_).
#include "shim.h"

#include <cmath>

// Fills `t` in place with N(mean, std^2) truncated to [a, b], by PyTorch's inverse-CDF method: uniform samples
// between the CDF values of the bounds, mapped back through erfinv. Unlike rejection sampling it takes the same
// time whatever the bounds. `generator` may be null (the default CPU generator).
TRN_EXPORT int32_t trn_init_trunc_normal_(TensorHandle t, double mean, double std, double a, double b,
                                          const at::Generator* generator) TRN_TRY {
  auto& x = trn::deref_mut(t);
  const auto norm_cdf = [](double v) { return (1.0 + std::erf(v / std::sqrt(2.0))) / 2.0; };
  const double lower = norm_cdf((a - mean) / std);
  const double upper = norm_cdf((b - mean) / std);
  const c10::optional<at::Generator> gen =
      generator == nullptr ? c10::optional<at::Generator>() : c10::optional<at::Generator>(*generator);
  at::NoGradGuard no_grad;
  x.uniform_(2.0 * lower - 1.0, 2.0 * upper - 1.0, gen);
  x.erfinv_();
  x.mul_(std * std::sqrt(2.0));
  x.add_(mean);
  x.clamp_(a, b);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)
