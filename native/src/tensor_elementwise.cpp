// Elementwise operations, dispatched by an operation code so that one export serves a whole family.
// The codes are mirrored by the managed enums Training.Torch.Native.UnaryOp and BinaryOp; tests
// check every code against known values.
#include "shim.h"

namespace {

at::Tensor unary(int32_t op, const at::Tensor& x) {
  switch (op) {
    case 0: return at::neg(x);
    case 1: return at::abs(x);
    case 2: return at::sign(x);
    case 3: return at::sqrt(x);
    case 4: return at::rsqrt(x);
    case 5: return at::exp(x);
    case 6: return at::log(x);
    case 7: return at::log1p(x);
    case 8: return at::expm1(x);
    case 9: return at::sin(x);
    case 10: return at::cos(x);
    case 11: return at::tanh(x);
    case 12: return at::sigmoid(x);
    case 13: return at::relu(x);
    case 14: return at::floor(x);
    case 15: return at::ceil(x);
    case 16: return at::round(x);
    case 17: return at::trunc(x);
    case 18: return at::reciprocal(x);
    case 19: return at::square(x);
    case 20: return at::erf(x);
    case 21: return at::logical_not(x);
    case 22: return at::isnan(x);
    case 23: return at::isinf(x);
    case 24: return at::isfinite(x);
    case 25: return at::silu(x);
    case 26: return x.clone();
    case 27: return x.contiguous();
    case 28: return x.detach();
    case 29: return at::log2(x);
    case 30: return at::exp2(x);
    case 31: return at::signbit(x);
    case 32: return at::bitwise_not(x);
    case 33: return at::sgn(x);
    default: throw trn::ArgumentError("unknown unary operation code " + std::to_string(op));
  }
}

void unary_(int32_t op, at::Tensor& x) {
  switch (op) {
    case 0: x.neg_(); break;
    case 1: x.abs_(); break;
    case 2: x.sign_(); break;
    case 3: x.sqrt_(); break;
    case 4: x.rsqrt_(); break;
    case 5: x.exp_(); break;
    case 6: x.log_(); break;
    case 7: x.log1p_(); break;
    case 8: x.expm1_(); break;
    case 9: x.sin_(); break;
    case 10: x.cos_(); break;
    case 11: x.tanh_(); break;
    case 12: x.sigmoid_(); break;
    case 13: x.relu_(); break;
    case 14: x.floor_(); break;
    case 15: x.ceil_(); break;
    case 16: x.round_(); break;
    case 17: x.trunc_(); break;
    case 18: x.reciprocal_(); break;
    case 19: x.square_(); break;
    case 20: x.erf_(); break;
    case 21: x.logical_not_(); break;
    case 25: at::silu_(x); break;
    case 28: x.detach_(); break;
    case 29: x.log2_(); break;
    case 30: x.exp2_(); break;
    case 32: x.bitwise_not_(); break;
    case 33: x.sgn_(); break;
    default: throw trn::ArgumentError("unary operation code " + std::to_string(op) + " has no in-place form");
  }
}

at::Tensor binary(int32_t op, const at::Tensor& a, const at::Tensor& b, const at::Scalar& alpha) {
  switch (op) {
    case 0: return at::add(a, b, alpha);
    case 1: return at::sub(a, b, alpha);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::pow(a, b);
    case 5: return at::maximum(a, b);
    case 6: return at::minimum(a, b);
    case 7: return at::fmod(a, b);
    case 8: return at::remainder(a, b);
    case 9: return at::eq(a, b);
    case 10: return at::ne(a, b);
    case 11: return at::lt(a, b);
    case 12: return at::le(a, b);
    case 13: return at::gt(a, b);
    case 14: return at::ge(a, b);
    case 15: return at::logical_and(a, b);
    case 16: return at::logical_or(a, b);
    case 17: return at::atan2(a, b);
    case 18: return at::div(a, b, "floor");
    case 19: return at::bitwise_and(a, b);
    case 20: return at::bitwise_or(a, b);
    case 21: return at::logical_xor(a, b);
    case 22: return at::bitwise_xor(a, b);
    default: throw trn::ArgumentError("unknown binary operation code " + std::to_string(op));
  }
}

void binary_(int32_t op, at::Tensor& a, const at::Tensor& b, const at::Scalar& alpha) {
  switch (op) {
    case 0: a.add_(b, alpha); break;
    case 1: a.sub_(b, alpha); break;
    case 2: a.mul_(b); break;
    case 3: a.div_(b); break;
    case 4: a.pow_(b); break;
    case 5: at::maximum_out(a, a, b); break;
    case 6: at::minimum_out(a, a, b); break;
    case 7: a.fmod_(b); break;
    case 8: a.remainder_(b); break;
    case 17: a.atan2_(b); break;
    case 18: a.div_(b, "floor"); break;
    case 19: a.bitwise_and_(b); break;
    case 20: a.bitwise_or_(b); break;
    case 22: a.bitwise_xor_(b); break;
    default: throw trn::ArgumentError("binary operation code " + std::to_string(op) + " has no in-place form");
  }
}

// Scalar right-hand sides go through ATen's scalar overloads where they exist (they keep integer
// tensors integral, as PyTorch does); the rest wrap the scalar in a 0-dim tensor.
at::Tensor binary_scalar(int32_t op, const at::Tensor& a, const at::Scalar& b, const at::Scalar& alpha) {
  switch (op) {
    case 0: return at::add(a, b, alpha);
    case 1: return at::sub(a, b, alpha);
    case 2: return at::mul(a, b);
    case 3: return at::div(a, b);
    case 4: return at::pow(a, b);
    case 7: return at::fmod(a, b);
    case 8: return at::remainder(a, b);
    case 9: return at::eq(a, b);
    case 10: return at::ne(a, b);
    case 11: return at::lt(a, b);
    case 12: return at::le(a, b);
    case 13: return at::gt(a, b);
    case 14: return at::ge(a, b);
    case 18: return at::div(a, b, "floor");
    default: return binary(op, a, at::scalar_tensor(b, a.options().dtype(b.type())), alpha);
  }
}

void binary_scalar_(int32_t op, at::Tensor& a, const at::Scalar& b, const at::Scalar& alpha) {
  switch (op) {
    case 0: a.add_(b, alpha); break;
    case 1: a.sub_(b, alpha); break;
    case 2: a.mul_(b); break;
    case 3: a.div_(b); break;
    case 4: a.pow_(b); break;
    case 7: a.fmod_(b); break;
    case 8: a.remainder_(b); break;
    case 18: a.div_(b, "floor"); break;
    default: binary_(op, a, at::scalar_tensor(b, a.options().dtype(b.type())), alpha);
  }
}

}  // namespace

TRN_EXPORT TensorHandle trn_unary(int32_t op, TensorHandle x) TRN_TRY {
  return trn::wrap(unary(op, trn::deref(x)));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_unary_(int32_t op, TensorHandle x) TRN_TRY {
  unary_(op, trn::deref_mut(x));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT TensorHandle trn_binary(int32_t op, TensorHandle a, TensorHandle b, trn::ScalarArg alpha) TRN_TRY {
  return trn::wrap(binary(op, trn::deref(a), trn::deref(b), trn::to_scalar(alpha)));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_binary_(int32_t op, TensorHandle a, TensorHandle b, trn::ScalarArg alpha) TRN_TRY {
  binary_(op, trn::deref_mut(a), trn::deref(b), trn::to_scalar(alpha));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT TensorHandle trn_binary_scalar(int32_t op, TensorHandle a, trn::ScalarArg b,
                                          trn::ScalarArg alpha) TRN_TRY {
  return trn::wrap(binary_scalar(op, trn::deref(a), trn::to_scalar(b), trn::to_scalar(alpha)));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_binary_scalar_(int32_t op, TensorHandle a, trn::ScalarArg b, trn::ScalarArg alpha) TRN_TRY {
  binary_scalar_(op, trn::deref_mut(a), trn::to_scalar(b), trn::to_scalar(alpha));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// scalar (op) tensor, e.g. 1 - x or 2 / x.
TRN_EXPORT TensorHandle trn_scalar_binary(int32_t op, trn::ScalarArg a, TensorHandle b) TRN_TRY {
  const auto& y = trn::deref(b);
  const auto s = trn::to_scalar(a);
  if (op == 1) return trn::wrap(at::rsub(y, s));
  if (op == 4) return trn::wrap(at::pow(s, y));
  return trn::wrap(binary(op, at::scalar_tensor(s, y.options().dtype(s.type())), y, at::Scalar(1)));
} TRN_CATCH(nullptr)

// ---- fused multiply-add family used by optimizers ----

// kind: 0 addcmul, 1 addcdiv
TRN_EXPORT TensorHandle trn_addc(int32_t kind, TensorHandle self, TensorHandle t1, TensorHandle t2,
                                 trn::ScalarArg value) TRN_TRY {
  const auto v = trn::to_scalar(value);
  if (kind == 0) return trn::wrap(at::addcmul(trn::deref(self), trn::deref(t1), trn::deref(t2), v));
  return trn::wrap(at::addcdiv(trn::deref(self), trn::deref(t1), trn::deref(t2), v));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_addc_(int32_t kind, TensorHandle self, TensorHandle t1, TensorHandle t2,
                             trn::ScalarArg value) TRN_TRY {
  const auto v = trn::to_scalar(value);
  auto& x = trn::deref_mut(self);
  if (kind == 0) x.addcmul_(trn::deref(t1), trn::deref(t2), v);
  else x.addcdiv_(trn::deref(t1), trn::deref(t2), v);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// weight is a tensor when `weight_tensor` is not null, else the scalar `weight`.
TRN_EXPORT TensorHandle trn_lerp(TensorHandle self, TensorHandle end, TensorHandle weight_tensor,
                                 trn::ScalarArg weight) TRN_TRY {
  if (weight_tensor != nullptr) return trn::wrap(at::lerp(trn::deref(self), trn::deref(end), *weight_tensor));
  return trn::wrap(at::lerp(trn::deref(self), trn::deref(end), trn::to_scalar(weight)));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_lerp_(TensorHandle self, TensorHandle end, TensorHandle weight_tensor,
                             trn::ScalarArg weight) TRN_TRY {
  auto& x = trn::deref_mut(self);
  if (weight_tensor != nullptr) x.lerp_(trn::deref(end), *weight_tensor);
  else x.lerp_(trn::deref(end), trn::to_scalar(weight));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// ---- clamp, where, masked_fill ----

TRN_EXPORT TensorHandle trn_clamp(TensorHandle self, trn::ScalarArg min, uint8_t has_min, trn::ScalarArg max,
                                  uint8_t has_max) TRN_TRY {
  c10::optional<at::Scalar> lo, hi;
  if (has_min != 0) lo = trn::to_scalar(min);
  if (has_max != 0) hi = trn::to_scalar(max);
  return trn::wrap(at::clamp(trn::deref(self), lo, hi));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_clamp_(TensorHandle self, trn::ScalarArg min, uint8_t has_min, trn::ScalarArg max,
                              uint8_t has_max) TRN_TRY {
  c10::optional<at::Scalar> lo, hi;
  if (has_min != 0) lo = trn::to_scalar(min);
  if (has_max != 0) hi = trn::to_scalar(max);
  trn::deref_mut(self).clamp_(lo, hi);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT TensorHandle trn_clamp_tensor(TensorHandle self, TensorHandle min, TensorHandle max) TRN_TRY {
  c10::optional<at::Tensor> lo, hi;
  if (min != nullptr) lo = *min;
  if (max != nullptr) hi = *max;
  return trn::wrap(at::clamp(trn::deref(self), lo, hi));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_where(TensorHandle condition, TensorHandle a, TensorHandle b) TRN_TRY {
  return trn::wrap(at::where(trn::deref(condition), trn::deref(a), trn::deref(b)));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_where_scalar(TensorHandle condition, TensorHandle a, trn::ScalarArg b) TRN_TRY {
  return trn::wrap(at::where(trn::deref(condition), trn::deref(a), trn::to_scalar(b)));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_masked_fill(TensorHandle self, TensorHandle mask, trn::ScalarArg value) TRN_TRY {
  return trn::wrap(at::masked_fill(trn::deref(self), trn::deref(mask), trn::to_scalar(value)));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_masked_fill_(TensorHandle self, TensorHandle mask, trn::ScalarArg value) TRN_TRY {
  trn::deref_mut(self).masked_fill_(trn::deref(mask), trn::to_scalar(value));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_fill_(TensorHandle self, trn::ScalarArg value) TRN_TRY {
  trn::deref_mut(self).fill_(trn::to_scalar(value));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_zero_(TensorHandle self) TRN_TRY {
  trn::deref_mut(self).zero_();
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_copy_(TensorHandle self, TensorHandle source) TRN_TRY {
  trn::deref_mut(self).copy_(trn::deref(source));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT TensorHandle trn_to_dtype(TensorHandle self, int8_t dtype, uint8_t copy) TRN_TRY {
  return trn::wrap(trn::deref(self).to(trn::to_dtype(dtype), false, copy != 0));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_allclose(TensorHandle a, TensorHandle b, double rtol, double atol, uint8_t equal_nan) TRN_TRY {
  return at::allclose(trn::deref(a), trn::deref(b), rtol, atol, equal_nan != 0) ? 1 : 0;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_equal(TensorHandle a, TensorHandle b) TRN_TRY {
  return at::equal(trn::deref(a), trn::deref(b)) ? 1 : 0;
} TRN_CATCH(TRN_FAIL)
