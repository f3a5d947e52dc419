using Training.Torch.Native;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>PyTorch's <c>torch.nn.utils</c>: gradient clipping.</summary>
        public static class utils
        {
            /// <summary>
            /// Scales the gradients of <paramref name="parameters"/> in place so that their joint
            /// <paramref name="norm_type"/>-norm (infinity allowed) is at most <paramref name="max_norm"/>. Parameters
            /// without a gradient are skipped.
            /// </summary>
            /// <returns>The total norm before clipping.</returns>
            public static unsafe double clip_grad_norm_(IEnumerable<Tensor> parameters, double max_norm, double norm_type = 2.0,
                bool error_if_nonfinite = false)
            {
                var list = Materialize(parameters);
                var handles = Tensor.Handles(list);
                double total;
                fixed (nint* h = handles)
                {
                    NativeError.Check(NativeMethods.trn_clip_grad_norm_(h, handles.Length, max_norm, norm_type,
                        error_if_nonfinite ? (byte)1 : (byte)0, &total));
                }

                GC.KeepAlive(list);
                return total;
            }

            /// <summary>Clamps every gradient element of <paramref name="parameters"/> to [-clip_value, clip_value] in place.</summary>
            public static unsafe void clip_grad_value_(IEnumerable<Tensor> parameters, double clip_value)
            {
                var list = Materialize(parameters);
                var handles = Tensor.Handles(list);
                fixed (nint* h = handles) NativeError.Check(NativeMethods.trn_clip_grad_value_(h, handles.Length, clip_value));
                GC.KeepAlive(list);
            }

            private static List<Tensor> Materialize(IEnumerable<Tensor> parameters)
            {
                ArgumentNullException.ThrowIfNull(parameters);
                return parameters.ToList();
            }
        }
    }
}
