// torch.nn.functional ops that model code and losses need, plus gradient clipping.
#include "shim.h"

#include <torch/types.h>
#include <torch/nn/utils/clip_grad.h>

TRN_EXPORT TensorHandle trn_linear(TensorHandle input, TensorHandle weight, TensorHandle bias) TRN_TRY {
  return trn::wrap(at::linear(trn::deref(input), trn::deref(weight), trn::optional_tensor(bias)));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_embedding(TensorHandle weight, TensorHandle indices, int64_t padding_idx,
                                      uint8_t scale_grad_by_freq) TRN_TRY {
  return trn::wrap(at::embedding(trn::deref(weight), trn::deref(indices), padding_idx, scale_grad_by_freq != 0, false));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_layer_norm(TensorHandle input, const int64_t* shape, int32_t ndims, TensorHandle weight,
                                       TensorHandle bias, double eps) TRN_TRY {
  return trn::wrap(at::layer_norm(trn::deref(input), trn::dims(shape, ndims), trn::optional_tensor(weight),
                                  trn::optional_tensor(bias), eps));
} TRN_CATCH(nullptr)

// approximate: 0 "none", 1 "tanh"
TRN_EXPORT TensorHandle trn_gelu(TensorHandle input, int32_t approximate) TRN_TRY {
  return trn::wrap(at::gelu(trn::deref(input), approximate == 1 ? "tanh" : "none"));
} TRN_CATCH(nullptr)

// kind: 0 softmax, 1 log_softmax
TRN_EXPORT TensorHandle trn_softmax(int32_t kind, TensorHandle input, int64_t dim, int8_t dtype) TRN_TRY {
  const auto& x = trn::deref(input);
  const auto d = trn::optional_dtype(dtype);
  return trn::wrap(kind == 0 ? at::softmax(x, dim, d) : at::log_softmax(x, dim, d));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_dropout(TensorHandle input, double p, uint8_t training) TRN_TRY {
  if (p < 0.0 || p > 1.0) throw trn::ArgumentError("dropout probability has to be between 0 and 1, but got " +
                                                   std::to_string(p));
  return trn::wrap(at::dropout(trn::deref(input), p, training != 0));
} TRN_CATCH(nullptr)

// reduction: 0 none, 1 mean, 2 sum (PyTorch's Reduction enum)
TRN_EXPORT TensorHandle trn_cross_entropy(TensorHandle input, TensorHandle target, TensorHandle weight,
                                          int64_t reduction, int64_t ignore_index, double label_smoothing) TRN_TRY {
  return trn::wrap(at::cross_entropy_loss(trn::deref(input), trn::deref(target), trn::optional_tensor(weight),
                                          reduction, ignore_index, label_smoothing));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_nll_loss(TensorHandle input, TensorHandle target, TensorHandle weight, int64_t reduction,
                                     int64_t ignore_index) TRN_TRY {
  return trn::wrap(at::nll_loss_nd(trn::deref(input), trn::deref(target), trn::optional_tensor(weight), reduction,
                                   ignore_index));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_mse_loss(TensorHandle input, TensorHandle target, int64_t reduction) TRN_TRY {
  return trn::wrap(at::mse_loss(trn::deref(input), trn::deref(target), reduction));
} TRN_CATCH(nullptr)

TRN_EXPORT TensorHandle trn_one_hot(TensorHandle input, int64_t num_classes) TRN_TRY {
  return trn::wrap(at::one_hot(trn::deref(input), num_classes));
} TRN_CATCH(nullptr)

// Clips the gradients of `parameters` in place to a total `norm_type` norm of at most `max_norm`;
// writes the total norm before clipping. Parameters without a gradient are skipped, as in PyTorch.
TRN_EXPORT int32_t trn_clip_grad_norm_(TensorHandle* parameters, int32_t count, double max_norm, double norm_type,
                                       uint8_t error_if_nonfinite, double* total_norm) TRN_TRY {
  *total_norm = torch::nn::utils::clip_grad_norm_(trn::tensor_list(parameters, count), max_norm, norm_type,
                                                  error_if_nonfinite != 0);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_clip_grad_value_(TensorHandle* parameters, int32_t count, double clip_value) TRN_TRY {
  torch::nn::utils::clip_grad_value_(trn::tensor_list(parameters, count), clip_value);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)
