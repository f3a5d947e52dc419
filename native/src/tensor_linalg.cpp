// Matrix products and decompositions.
#include "shim.h"

// kind: 0 matmul, 1 mm, 2 bmm, 3 outer, 4 dot
TRN_EXPORT TensorHandle trn_matmul(int32_t kind, TensorHandle a, TensorHandle b) TRN_TRY {
  const auto& x = trn::deref(a);
  const auto& y = trn::deref(b);
  switch (kind) {
    case 0: return trn::wrap(at::matmul(x, y));
    case 1: return trn::wrap(at::mm(x, y));
    case 2: return trn::wrap(at::bmm(x, y));
    case 3: return trn::wrap(at::outer(x, y));
    case 4: return trn::wrap(at::dot(x, y));
    default: throw trn::ArgumentError("unknown matrix product code");
  }
} TRN_CATCH(nullptr)

// beta * self + alpha * (a @ b)
TRN_EXPORT TensorHandle trn_addmm(TensorHandle self, TensorHandle a, TensorHandle b, double beta,
                                  double alpha) TRN_TRY {
  return trn::wrap(at::addmm(trn::deref(self), trn::deref(a), trn::deref(b), beta, alpha));
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_linalg_svd(TensorHandle self, uint8_t full_matrices, TensorHandle* u, TensorHandle* s,
                                  TensorHandle* vh) TRN_TRY {
  auto result = at::linalg_svd(trn::deref(self), full_matrices != 0);
  *u = trn::wrap(std::get<0>(result));
  *s = trn::wrap(std::get<1>(result));
  *vh = trn::wrap(std::get<2>(result));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// mode: "reduced", "complete" or "r"
TRN_EXPORT int32_t trn_linalg_qr(TensorHandle self, const char* mode, TensorHandle* q, TensorHandle* r) TRN_TRY {
  auto result = at::linalg_qr(trn::deref(self), mode);
  *q = trn::wrap(std::get<0>(result));
  *r = trn::wrap(std::get<1>(result));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT TensorHandle trn_linalg_vector_norm(TensorHandle self, double ord, const int64_t* dims, int32_t ndims,
                                               uint8_t has_dims, uint8_t keepdim) TRN_TRY {
  at::OptionalIntArrayRef d = has_dims != 0 ? at::OptionalIntArrayRef(trn::dims(dims, ndims)) : c10::nullopt;
  return trn::wrap(at::linalg_vector_norm(trn::deref(self), ord, d, keepdim != 0, c10::nullopt));
} TRN_CATCH(nullptr)
