// Reductions. Codes mirrored by Training.Torch.Native.ReductionOp.
#include "shim.h"

// op: 0 sum, 1 mean, 2 prod, 3 amax, 4 amin, 5 all, 6 any, 7 logsumexp, 8 nansum
// With has_dims == 0 the reduction covers every element (dims/keepdim are ignored).
TRN_EXPORT TensorHandle trn_reduce(int32_t op, TensorHandle self, const int64_t* dims, int32_t ndims,
                                   uint8_t has_dims, uint8_t keepdim, int8_t dtype) TRN_TRY {
  const auto& x = trn::deref(self);
  const auto d = trn::dims(dims, ndims);
  const bool keep = keepdim != 0;
  const auto out_dtype = trn::optional_dtype(dtype);
  if (has_dims == 0) {
    switch (op) {
      case 0: return trn::wrap(at::sum(x, out_dtype));
      case 1: return trn::wrap(out_dtype ? at::mean(x, *out_dtype) : at::mean(x));
      case 2: return trn::wrap(at::prod(x, out_dtype));
      case 3: return trn::wrap(at::max(x));
      case 4: return trn::wrap(at::min(x));
      case 5: return trn::wrap(at::all(x));
      case 6: return trn::wrap(at::any(x));
      case 7: {
        std::vector<int64_t> all(static_cast<size_t>(x.dim()));
        for (int64_t i = 0; i < x.dim(); ++i) all[static_cast<size_t>(i)] = i;
        return trn::wrap(at::logsumexp(x, all, false));
      }
      case 8: return trn::wrap(at::nansum(x, c10::nullopt, false, out_dtype));
      default: break;
    }
  } else {
    switch (op) {
      case 0: return trn::wrap(at::sum(x, d, keep, out_dtype));
      case 1: return trn::wrap(at::mean(x, d, keep, out_dtype));
      case 2: {
        if (ndims != 1) throw trn::ArgumentError("prod reduces over exactly one dimension");
        return trn::wrap(at::prod(x, d[0], keep, out_dtype));
      }
      case 3: return trn::wrap(at::amax(x, d, keep));
      case 4: return trn::wrap(at::amin(x, d, keep));
      case 5: {
        if (ndims != 1) throw trn::ArgumentError("all reduces over exactly one dimension");
        return trn::wrap(at::all(x, d[0], keep));
      }
      case 6: {
        if (ndims != 1) throw trn::ArgumentError("any reduces over exactly one dimension");
        return trn::wrap(at::any(x, d[0], keep));
      }
      case 7: return trn::wrap(at::logsumexp(x, d, keep));
      case 8: return trn::wrap(at::nansum(x, d, keep, out_dtype));
      default: break;
    }
  }
  throw trn::ArgumentError("unknown reduction code " + std::to_string(op));
} TRN_CATCH(nullptr)

// p-norm over all elements (has_dims == 0) or over dims.
TRN_EXPORT TensorHandle trn_norm(TensorHandle self, double p, const int64_t* dims, int32_t ndims, uint8_t has_dims,
                                 uint8_t keepdim) TRN_TRY {
  const auto& x = trn::deref(self);
  if (has_dims == 0) return trn::wrap(at::norm(x, p));
  return trn::wrap(at::norm(x, p, trn::dims(dims, ndims), keepdim != 0));
} TRN_CATCH(nullptr)

// kind: 0 var, 1 std. `correction` is Bessel's correction (1 = unbiased).
TRN_EXPORT TensorHandle trn_var_std(int32_t kind, TensorHandle self, const int64_t* dims, int32_t ndims,
                                    uint8_t has_dims, int64_t correction, uint8_t keepdim) TRN_TRY {
  const auto& x = trn::deref(self);
  at::OptionalIntArrayRef d = has_dims != 0 ? at::OptionalIntArrayRef(trn::dims(dims, ndims)) : c10::nullopt;
  const c10::optional<int64_t> c = correction;
  if (kind == 0) return trn::wrap(at::var(x, d, c, keepdim != 0));
  return trn::wrap(at::std(x, d, c, keepdim != 0));
} TRN_CATCH(nullptr)

// kind: 0 argmax, 1 argmin. has_dim == 0 means over the flattened tensor.
TRN_EXPORT TensorHandle trn_arg_extreme(int32_t kind, TensorHandle self, int64_t dim, uint8_t has_dim,
                                        uint8_t keepdim) TRN_TRY {
  const auto& x = trn::deref(self);
  c10::optional<int64_t> d;
  if (has_dim != 0) d = dim;
  if (kind == 0) return trn::wrap(at::argmax(x, d, keepdim != 0));
  return trn::wrap(at::argmin(x, d, keepdim != 0));
} TRN_CATCH(nullptr)

// kind: 0 max, 1 min, 2 sort (dim, descending via keepdim slot), 3 median along a dim: values and indices.
TRN_EXPORT int32_t trn_values_indices(int32_t kind, TensorHandle self, int64_t dim, uint8_t flag,
                                      TensorHandle* values, TensorHandle* indices) TRN_TRY {
  const auto& x = trn::deref(self);
  std::tuple<at::Tensor, at::Tensor> result;
  switch (kind) {
    case 0: result = at::max(x, dim, flag != 0); break;
    case 1: result = at::min(x, dim, flag != 0); break;
    case 2: result = at::sort(x, dim, flag != 0); break;
    case 3: result = at::median(x, dim, flag != 0); break;
    default: throw trn::ArgumentError("unknown values/indices code");
  }
  *values = trn::wrap(std::get<0>(result));
  *indices = trn::wrap(std::get<1>(result));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_topk(TensorHandle self, int64_t k, int64_t dim, uint8_t largest, uint8_t sorted,
                            TensorHandle* values, TensorHandle* indices) TRN_TRY {
  auto result = at::topk(trn::deref(self), k, dim, largest != 0, sorted != 0);
  *values = trn::wrap(std::get<0>(result));
  *indices = trn::wrap(std::get<1>(result));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// kind: 0 cumsum, 1 cumprod
TRN_EXPORT TensorHandle trn_cumulative(int32_t kind, TensorHandle self, int64_t dim, int8_t dtype) TRN_TRY {
  const auto& x = trn::deref(self);
  if (kind == 0) return trn::wrap(at::cumsum(x, dim, trn::optional_dtype(dtype)));
  return trn::wrap(at::cumprod(x, dim, trn::optional_dtype(dtype)));
} TRN_CATCH(nullptr)
