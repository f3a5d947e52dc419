using Training.Torch.Native;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>PyTorch's <c>torch.nn.functional</c>: the stateless operations the modules are built from.</summary>
        public static partial class functional
        {
            /// <summary>y = input · weightᵀ + bias (weight is [out_features, in_features]).</summary>
            public static Tensor linear(Tensor input, Tensor weight, Tensor? bias = null)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(weight);
                var result = NativeMethods.trn_linear(input.Handle, weight.Handle, bias?.Handle ?? 0);
                GC.KeepAlive(input);
                GC.KeepAlive(weight);
                GC.KeepAlive(bias);
                return Tensor.Wrap(result);
            }

            /// <summary>
            /// Looks up the rows of <paramref name="weight"/> at the integer indices in <paramref name="input"/>. The row at
            /// <paramref name="padding_idx"/> (negative counts from the end) receives no gradient.
            /// </summary>
            public static Tensor embedding(Tensor input, Tensor weight, long? padding_idx = null, bool scale_grad_by_freq = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(weight);
                var padding = padding_idx is null ? -1 : NormalizePaddingIndex(padding_idx.Value, weight.size(0));
                var result = NativeMethods.trn_embedding(weight.Handle, input.Handle, padding, scale_grad_by_freq ? (byte)1 : (byte)0);
                GC.KeepAlive(input);
                GC.KeepAlive(weight);
                return Tensor.Wrap(result);
            }

            internal static long NormalizePaddingIndex(long padding_idx, long num_embeddings)
            {
                if (padding_idx >= num_embeddings || padding_idx < -num_embeddings)
                    throw new ArgumentOutOfRangeException(nameof(padding_idx), padding_idx,
                        $"padding_idx must be within [-{num_embeddings}, {num_embeddings}) for {num_embeddings} embeddings");
                return padding_idx < 0 ? padding_idx + num_embeddings : padding_idx;
            }

            /// <summary>Normalises over the trailing <paramref name="normalized_shape"/> dimensions, then scales and shifts.</summary>
            public static unsafe Tensor layer_norm(Tensor input, long[] normalized_shape, Tensor? weight = null, Tensor? bias = null, double eps = 1e-5)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(normalized_shape);
                nint result;
                fixed (long* shape = normalized_shape)
                {
                    result = NativeMethods.trn_layer_norm(input.Handle, shape, normalized_shape.Length, weight?.Handle ?? 0, bias?.Handle ?? 0, eps);
                }

                GC.KeepAlive(input);
                GC.KeepAlive(weight);
                GC.KeepAlive(bias);
                return Tensor.Wrap(result);
            }

            /// <summary>
            /// While <paramref name="training"/>, zeroes each element with probability <paramref name="p"/> and scales the
            /// rest by 1/(1-p); otherwise returns the input unchanged (as a new handle).
            /// </summary>
            public static Tensor dropout(Tensor input, double p = 0.5, bool training = true)
            {
                ArgumentNullException.ThrowIfNull(input);
                CheckProbability(p, nameof(p));
                var result = NativeMethods.trn_dropout(input.Handle, p, training ? (byte)1 : (byte)0);
                GC.KeepAlive(input);
                return Tensor.Wrap(result);
            }

            internal static void CheckProbability(double p, string parameter)
            {
                if (!(p >= 0.0 && p <= 1.0))
                    throw new ArgumentOutOfRangeException(parameter, p, $"{parameter} must be a probability in [0, 1], got {p}");
            }
        }
    }
}
