// Fused Adam/AdamW: one pass over memory per parameter tensor (torch.optim.AdamW(fused=True) on CPU).
// For each element: optional maximize and L2/decoupled decay, the two moment updates, optional AMSGrad
// maximum, the bias-corrected step. Work is split over intra-op threads with at::parallel_for; the inner
// loop is plain arithmetic the compiler vectorizes. Results equal the unfused algorithm within float rounding.
#include "shim.h"

#include <ATen/Parallel.h>

#include <cmath>

namespace {

struct AdamHyper {
  double lr, beta1, beta2, eps, weight_decay;
  bool amsgrad, maximize, decoupled;
};

template <typename T>
void adam_kernel(T* __restrict p, const T* __restrict g, T* __restrict m, T* __restrict v, T* __restrict vmax,
                 int64_t n, const AdamHyper& h, double step) {
  const T beta1 = static_cast<T>(h.beta1);
  const T beta2 = static_cast<T>(h.beta2);
  const T one_minus_beta1 = static_cast<T>(1 - h.beta1);
  const T one_minus_beta2 = static_cast<T>(1 - h.beta2);
  const double bias_correction1 = 1 - std::pow(h.beta1, step);
  const T inv_bias_correction2_sqrt = static_cast<T>(1 / std::sqrt(1 - std::pow(h.beta2, step)));
  const T step_size = static_cast<T>(h.lr / bias_correction1);
  const T eps = static_cast<T>(h.eps);
  const T decay = static_cast<T>(h.weight_decay);
  const T decoupled_factor = static_cast<T>(1 - h.lr * h.weight_decay);
  const T sign = h.maximize ? T(-1) : T(1);
  const bool l2 = !h.decoupled && h.weight_decay != 0;
  const bool decoupled = h.decoupled && h.weight_decay != 0;
  at::parallel_for(0, n, 16384, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; ++i) {
      T grad = sign * g[i];
      T param = p[i];
      if (l2) grad += decay * param;
      if (decoupled) param *= decoupled_factor;
      const T mi = m[i] * beta1 + grad * one_minus_beta1;
      const T vi = v[i] * beta2 + grad * grad * one_minus_beta2;
      m[i] = mi;
      v[i] = vi;
      T second = vi;
      if (vmax != nullptr) {
        second = vmax[i] > vi ? vmax[i] : vi;
        vmax[i] = second;
      }
      const T denom = std::sqrt(second) * inv_bias_correction2_sqrt + eps;
      p[i] = param - step_size * mi / denom;
    }
  });
}

void check_same(const at::Tensor& reference, const at::Tensor& other, const char* what) {
  if (other.sizes() != reference.sizes() || other.scalar_type() != reference.scalar_type() || !other.is_contiguous())
    throw trn::ArgumentError(std::string("fused adam: ") + what + " must be contiguous and shaped and typed like the parameter");
}

}  // namespace

// Updates `count` parameters in place. steps[i] is the (already incremented) step of parameter i.
// max_exp_avg_sqs may be null when amsgrad is off.
TRN_EXPORT int32_t trn_fused_adam_(TensorHandle* params, TensorHandle* grads, TensorHandle* exp_avgs,
                                   TensorHandle* exp_avg_sqs, TensorHandle* max_exp_avg_sqs, const double* steps,
                                   int32_t count, double lr, double beta1, double beta2, double eps,
                                   double weight_decay, uint8_t amsgrad, uint8_t maximize, uint8_t decoupled) TRN_TRY {
  const AdamHyper hyper{lr, beta1, beta2, eps, weight_decay, amsgrad != 0, maximize != 0, decoupled != 0};
  at::NoGradGuard no_grad;
  for (int32_t i = 0; i < count; ++i) {
    auto& p = trn::deref_mut(params[i]);
    if (!p.is_contiguous()) throw trn::ArgumentError("fused adam: parameters must be contiguous");
    const auto g = trn::deref(grads[i]).contiguous();
    if (g.sizes() != p.sizes() || g.scalar_type() != p.scalar_type())
      throw trn::ArgumentError("fused adam: a gradient does not match its parameter");
    auto& m = trn::deref_mut(exp_avgs[i]);
    auto& v = trn::deref_mut(exp_avg_sqs[i]);
    check_same(p, m, "exp_avg");
    check_same(p, v, "exp_avg_sq");
    at::Tensor* vmax = hyper.amsgrad ? &trn::deref_mut(max_exp_avg_sqs[i]) : nullptr;
    if (vmax != nullptr) check_same(p, *vmax, "max_exp_avg_sq");
    switch (p.scalar_type()) {
      case at::kFloat:
        adam_kernel<float>(p.data_ptr<float>(), g.data_ptr<float>(), m.data_ptr<float>(), v.data_ptr<float>(),
                           vmax != nullptr ? vmax->data_ptr<float>() : nullptr, p.numel(), hyper, steps[i]);
        break;
      case at::kDouble:
        adam_kernel<double>(p.data_ptr<double>(), g.data_ptr<double>(), m.data_ptr<double>(), v.data_ptr<double>(),
                            vmax != nullptr ? vmax->data_ptr<double>() : nullptr, p.numel(), hyper, steps[i]);
        break;
      default:
        throw trn::ArgumentError("fused adam supports float32 and float64 parameters");
    }
  }
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)
