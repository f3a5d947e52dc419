using System.Runtime.InteropServices;

namespace Training.Torch.Native;

internal static unsafe partial class NativeMethods
{
    // torch.nn.init (native/src/nn_init.cpp)
    [LibraryImport(Library)] internal static partial int trn_init_trunc_normal_(nint t, double mean, double std, double a, double b, nint generator);
}
