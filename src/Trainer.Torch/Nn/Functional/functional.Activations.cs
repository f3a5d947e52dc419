using Training.Torch.Native;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// The Gaussian error linear unit, x·Φ(x); <paramref name="approximate"/> = "tanh" uses the tanh approximation
            /// (as GPT-2).
            /// </summary>
            public static Tensor gelu(Tensor input, string approximate = "none")
            {
                ArgumentNullException.ThrowIfNull(input);
                var code = approximate switch
                {
                    "none" => 0,
                    "tanh" => 1,
                    _ => throw new ArgumentException($"approximate must be \"none\" or \"tanh\", got \"{approximate}\"", nameof(approximate)),
                };
                var result = NativeMethods.trn_gelu(input.Handle, code);
                GC.KeepAlive(input);
                return Tensor.Wrap(result);
            }

            /// <summary>max(x, 0); in place on <paramref name="input"/> when <paramref name="inplace"/>.</summary>
            public static Tensor relu(Tensor input, bool inplace = false)
            {
                ArgumentNullException.ThrowIfNull(input);
                return inplace ? input.relu_() : input.relu();
            }

            /// <summary>x·sigmoid(x) (also called swish).</summary>
            public static Tensor silu(Tensor input)
            {
                ArgumentNullException.ThrowIfNull(input);
                return input.silu();
            }

            /// <summary>exp(x) normalised along <paramref name="dim"/>, computed in <paramref name="dtype"/> when given.</summary>
            public static Tensor softmax(Tensor input, long dim, ScalarType? dtype = null) => Softmax(0, input, dim, dtype);

            /// <summary>log(softmax(x)) along <paramref name="dim"/>, computed stably.</summary>
            public static Tensor log_softmax(Tensor input, long dim, ScalarType? dtype = null) => Softmax(1, input, dim, dtype);

            private static Tensor Softmax(int kind, Tensor input, long dim, ScalarType? dtype)
            {
                ArgumentNullException.ThrowIfNull(input);
                var result = NativeMethods.trn_softmax(kind, input.Handle, dim, dtype.HasValue ? (sbyte)dtype.Value : (sbyte)-1);
                GC.KeepAlive(input);
                return Tensor.Wrap(result);
            }
        }
    }
}
