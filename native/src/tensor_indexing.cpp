// Python-style indexing (t[..., 1:3, None, idx]) encoded by the managed TensorIndex type.
#include "shim.h"

#include <ATen/TensorIndexing.h>

namespace {

// kinds: 0 single integer (a), 1 slice (a:b:c, has flags bit0 start, bit1 stop), 2 ellipsis, 3 none (new axis),
// 4 tensor (index tensor), 5 boolean (a != 0)
constexpr int64_t kStartGiven = 1;
constexpr int64_t kStopGiven = 2;

std::vector<at::indexing::TensorIndex> decode(const int64_t* kinds, const int64_t* values, TensorHandle* tensors,
                                              int32_t count) {
  using namespace at::indexing;
  std::vector<TensorIndex> result;
  result.reserve(static_cast<size_t>(count));
  for (int32_t i = 0; i < count; ++i) {
    const int64_t* v = values + 4 * i;
    switch (kinds[i]) {
      case 0: result.emplace_back(v[0]); break;
      case 1: {
        c10::optional<int64_t> start, stop;
        if ((v[3] & kStartGiven) != 0) start = v[0];
        if ((v[3] & kStopGiven) != 0) stop = v[1];
        result.emplace_back(Slice(start, stop, v[2]));
        break;
      }
      case 2: result.emplace_back(Ellipsis); break;
      case 3: result.emplace_back(None); break;
      case 4: result.emplace_back(trn::deref(tensors[i])); break;
      case 5: result.emplace_back(v[0] != 0); break;
      default: throw trn::ArgumentError("unknown index kind");
    }
  }
  return result;
}

}  // namespace

TRN_EXPORT TensorHandle trn_index(TensorHandle self, const int64_t* kinds, const int64_t* values,
                                  TensorHandle* tensors, int32_t count) TRN_TRY {
  return trn::wrap(trn::deref(self).index(decode(kinds, values, tensors, count)));
} TRN_CATCH(nullptr)

// Writes `value` (a tensor when not null, else the scalar) into self[indices].
TRN_EXPORT int32_t trn_index_put_(TensorHandle self, const int64_t* kinds, const int64_t* values,
                                  TensorHandle* tensors, int32_t count, TensorHandle value,
                                  trn::ScalarArg scalar) TRN_TRY {
  auto& x = trn::deref_mut(self);
  const auto indices = decode(kinds, values, tensors, count);
  if (value != nullptr) x.index_put_(indices, *value);
  else x.index_put_(indices, trn::to_scalar(scalar));
  return TRN_OK;
} TRN_CATCH(TRN_FAIL)
