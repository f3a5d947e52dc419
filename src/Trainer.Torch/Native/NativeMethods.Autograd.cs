using System.Runtime.InteropServices;

namespace Training.Torch.Native;

internal static unsafe partial class NativeMethods
{
    // autograd (native/src/autograd.cpp)
    [LibraryImport(Library)] internal static partial int trn_requires_grad(nint t);
    [LibraryImport(Library)] internal static partial int trn_set_requires_grad(nint t, byte value);
    [LibraryImport(Library)] internal static partial int trn_is_leaf(nint t);
    [LibraryImport(Library)] internal static partial int trn_retain_grad(nint t);
    [LibraryImport(Library)] internal static partial int trn_grad(nint t, nint* grad);
    [LibraryImport(Library)] internal static partial int trn_set_grad(nint t, nint grad);
    [LibraryImport(Library)] internal static partial int trn_backward(nint* tensors, int count, nint* grads, int gradCount, byte retainGraph, byte hasRetainGraph, byte createGraph, nint* inputs, int inputCount);
    [LibraryImport(Library)] internal static partial nint* trn_autograd_grad(nint* outputs, int outputCount, nint* inputs, int inputCount, nint* grads, int gradCount, byte retainGraph, byte createGraph, byte allowUnused, int* count);
    [LibraryImport(Library, StringMarshalling = StringMarshalling.Utf8)] internal static partial int trn_set_managed_error(string message);
    [LibraryImport(Library)] internal static partial long trn_register_hook(nint t, delegate* unmanaged<long, nint, nint*, int> callback, long id);
    [LibraryImport(Library)] internal static partial int trn_remove_hook(nint t, long position);
    [LibraryImport(Library)] internal static partial nint trn_register_post_accumulate_grad_hook(nint t, delegate* unmanaged<long, int> callback, long id);
    [LibraryImport(Library)] internal static partial int trn_remove_post_accumulate_grad_hook(nint registration);

    // torch.nn.functional (native/src/nn_functional.cpp)
    [LibraryImport(Library)] internal static partial nint trn_linear(nint input, nint weight, nint bias);
    [LibraryImport(Library)] internal static partial nint trn_embedding(nint weight, nint indices, long paddingIdx, byte scaleGradByFreq);
    [LibraryImport(Library)] internal static partial nint trn_layer_norm(nint input, long* shape, int ndims, nint weight, nint bias, double eps);
    [LibraryImport(Library)] internal static partial nint trn_gelu(nint input, int approximate);
    [LibraryImport(Library)] internal static partial nint trn_softmax(int kind, nint input, long dim, sbyte dtype);
    [LibraryImport(Library)] internal static partial nint trn_dropout(nint input, double p, byte training);
    [LibraryImport(Library)] internal static partial nint trn_cross_entropy(nint input, nint target, nint weight, long reduction, long ignoreIndex, double labelSmoothing);
    [LibraryImport(Library)] internal static partial nint trn_nll_loss(nint input, nint target, nint weight, long reduction, long ignoreIndex);
    [LibraryImport(Library)] internal static partial nint trn_mse_loss(nint input, nint target, long reduction);
    [LibraryImport(Library)] internal static partial nint trn_one_hot(nint input, long numClasses);
    [LibraryImport(Library)] internal static partial int trn_clip_grad_norm_(nint* parameters, int count, double maxNorm, double normType, byte errorIfNonfinite, double* totalNorm);
    [LibraryImport(Library)] internal static partial int trn_clip_grad_value_(nint* parameters, int count, double clipValue);
}
