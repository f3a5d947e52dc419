// Autograd: requires_grad, .grad, backward, and gradient hooks that call back into managed code.
#include "shim.h"

#include <torch/csrc/autograd/autograd.h>
#include <torch/csrc/autograd/function.h>
#include <torch/csrc/autograd/function_hook.h>
#include <torch/csrc/autograd/variable.h>

TRN_EXPORT int32_t trn_requires_grad(TensorHandle t) TRN_TRY {
  return trn::deref(t).requires_grad() ? 1 : 0;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_set_requires_grad(TensorHandle t, uint8_t value) TRN_TRY {
  trn::deref_mut(t).requires_grad_(value != 0);
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_is_leaf(TensorHandle t) TRN_TRY {
  return trn::deref(t).is_leaf() ? 1 : 0;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_retain_grad(TensorHandle t) TRN_TRY {
  trn::deref(t).retain_grad();
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// Writes a new handle to the gradient, or nullptr when there is none.
TRN_EXPORT int32_t trn_grad(TensorHandle t, TensorHandle* grad) TRN_TRY {
  *grad = trn::wrap_optional(trn::deref(t).grad());
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// A null `grad` clears the gradient (set_to_none).
TRN_EXPORT int32_t trn_set_grad(TensorHandle t, TensorHandle grad) TRN_TRY {
  trn::deref_mut(t).mutable_grad() = grad == nullptr ? at::Tensor() : *grad;
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_backward(TensorHandle* tensors, int32_t count, TensorHandle* grads, int32_t grad_count,
                                uint8_t retain_graph, uint8_t has_retain_graph, uint8_t create_graph,
                                TensorHandle* inputs, int32_t input_count) TRN_TRY {
  const auto outputs = trn::tensor_list(tensors, count);
  std::vector<at::Tensor> gradients;
  gradients.reserve(static_cast<size_t>(grad_count));
  for (int32_t i = 0; i < grad_count; ++i) gradients.push_back(trn::optional_tensor(grads[i]));
  c10::optional<bool> retain;
  if (has_retain_graph != 0) retain = retain_graph != 0;
  torch::autograd::backward(outputs, gradients, retain, create_graph != 0, trn::tensor_list(inputs, input_count));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// torch.autograd.grad: gradients of outputs with respect to inputs, returned as a handle array.
TRN_EXPORT TensorHandle* trn_autograd_grad(TensorHandle* outputs, int32_t output_count, TensorHandle* inputs,
                                           int32_t input_count, TensorHandle* grads, int32_t grad_count,
                                           uint8_t retain_graph, uint8_t create_graph, uint8_t allow_unused,
                                           int32_t* count) TRN_TRY {
  std::vector<at::Tensor> gradients;
  for (int32_t i = 0; i < grad_count; ++i) gradients.push_back(trn::optional_tensor(grads[i]));
  auto result = torch::autograd::grad(trn::tensor_list(outputs, output_count), trn::tensor_list(inputs, input_count),
                                      gradients, retain_graph != 0, create_graph != 0, allow_unused != 0);
  auto** out = static_cast<at::Tensor**>(std::malloc(sizeof(at::Tensor*) * (result.size() + 1)));
  if (out == nullptr) throw std::bad_alloc();
  for (size_t i = 0; i < result.size(); ++i) out[i] = trn::wrap_optional(result[i]);
  *count = static_cast<int32_t>(result.size());
  return out;
} TRN_CATCH(nullptr)

// ---- gradient hooks ----
// The managed callback receives the hook id and a new handle to the incoming gradient (which it owns).
// It returns 0 to keep the gradient, 1 with *replacement set to substitute it, or -1 when the managed
// hook threw; then the managed side has already stored the error text (trn_set_managed_error) and the
// backward pass fails with it as a c10::Error.
typedef int32_t (*GradHookCallback)(int64_t id, TensorHandle grad, TensorHandle* replacement);

namespace {
thread_local std::string managed_error;
}

TRN_EXPORT int32_t trn_set_managed_error(const char* message) TRN_TRY {
  managed_error = message == nullptr ? "managed gradient hook failed" : message;
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int64_t trn_register_hook(TensorHandle t, GradHookCallback callback, int64_t id) TRN_TRY {
  auto& x = trn::deref_mut(t);
  if (!x.requires_grad()) throw trn::ArgumentError("cannot register a hook on a tensor that doesn't require grad");
  const auto position = x.register_hook([callback, id](const at::Tensor& grad) -> at::Tensor {
    TensorHandle replacement = nullptr;
    const int32_t status = callback(id, new at::Tensor(grad), &replacement);
    if (status < 0) TORCH_CHECK(false, managed_error);
    if (status == 1 && replacement != nullptr) {
      at::Tensor result = *replacement;
      delete replacement;
      return result;
    }
    return at::Tensor();
  });
  return static_cast<int64_t>(position);
} TRN_CATCH(TRN_FAIL)

TRN_EXPORT int32_t trn_remove_hook(TensorHandle t, int64_t position) TRN_TRY {
  trn::deref_mut(t).remove_hook(static_cast<unsigned>(position));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)

// ---- post-accumulate-grad hooks ----
// torch 1.13 has no Tensor.register_post_accumulate_grad_hook (added in 2.1); this is the technique
// DeepSpeed and Transformers used before it: a post hook on the leaf's AccumulateGrad node, which runs
// after the gradient has been written into .grad. The tensor only holds a weak pointer to that node,
// so the registration keeps a strong one; otherwise the node (and the hook) would vanish with the graph
// and the next backward would create a fresh node without it.
typedef int32_t (*PostAccumulateCallback)(int64_t id);

namespace {
struct PostAccumulateHook final : torch::autograd::FunctionPostHook {
  PostAccumulateHook(PostAccumulateCallback callback, int64_t id) : callback_(callback), id_(id) {}
  torch::autograd::variable_list operator()(const torch::autograd::variable_list& outputs,
                                            const torch::autograd::variable_list& /*inputs*/) override {
    if (callback_(id_) < 0) TORCH_CHECK(false, managed_error);
    return outputs;
  }

 private:
  PostAccumulateCallback callback_;
  int64_t id_;
};

struct PostAccumulateRegistration {
  std::shared_ptr<torch::autograd::Node> accumulator;
  uintptr_t key;
};
}  // namespace

TRN_EXPORT void* trn_register_post_accumulate_grad_hook(TensorHandle t, PostAccumulateCallback callback, int64_t id) TRN_TRY {
  const auto& x = trn::deref(t);
  if (!x.requires_grad() || !x.is_leaf())
    throw trn::ArgumentError("post-accumulate-grad hooks need a leaf tensor that requires grad");
  auto accumulator = torch::autograd::impl::grad_accumulator(x);
  if (!accumulator) throw trn::ArgumentError("the tensor has no gradient accumulator");
  const auto key = accumulator->add_post_hook(std::make_unique<PostAccumulateHook>(callback, id));
  return new PostAccumulateRegistration{std::move(accumulator), key};
} TRN_CATCH(nullptr)

TRN_EXPORT int32_t trn_remove_post_accumulate_grad_hook(void* registration) TRN_TRY {
  auto* r = static_cast<PostAccumulateRegistration*>(registration);
  if (r == nullptr) return TRN_OK;
  r->accumulator->del_post_hook(r->key);
  delete r;
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)
