using System.Runtime.InteropServices;

namespace Training.Torch.Native;

internal static unsafe partial class NativeMethods
{
    // fused optimizer kernels (native/src/optim_fused_adam.cpp)
    [LibraryImport(Library)] internal static partial int trn_fused_adam_(nint* parameters, nint* grads, nint* expAvgs, nint* expAvgSqs, nint* maxExpAvgSqs, double* steps, int count, double lr, double beta1, double beta2, double eps, double weightDecay, byte amsgrad, byte maximize, byte decoupled);
}
