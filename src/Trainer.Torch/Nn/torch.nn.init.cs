using Training.Torch.Native;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        /// <summary>
        /// PyTorch's <c>torch.nn.init</c>: in-place initialisers. Each runs without recording gradients (so it works
        /// on parameters), draws from the given generator or the default one, and returns its tensor.
        /// </summary>
        public static partial class init
        {
            /// <summary>Fills with samples from U(<paramref name="low"/>, <paramref name="high"/>).</summary>
            public static Tensor uniform_(Tensor tensor, double low = 0, double high = 1, Generator? generator = null)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using (no_grad()) return tensor.uniform_(low, high, generator);
            }

            /// <summary>Fills with samples from N(<paramref name="mean"/>, <paramref name="std"/>²).</summary>
            public static Tensor normal_(Tensor tensor, double mean = 0, double std = 1, Generator? generator = null)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using (no_grad()) return tensor.normal_(mean, std, generator);
            }

            /// <summary>Fills with zeros.</summary>
            public static Tensor zeros_(Tensor tensor) => constant_(tensor, 0);

            /// <summary>Fills with ones.</summary>
            public static Tensor ones_(Tensor tensor) => constant_(tensor, 1);

            /// <summary>Fills with <paramref name="val"/>.</summary>
            public static Tensor constant_(Tensor tensor, Scalar val)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                using (no_grad()) return tensor.fill_(val);
            }

            /// <summary>
            /// He initialisation from U(-bound, bound) with bound = gain·√(3 / fan), where the gain follows
            /// <paramref name="nonlinearity"/> (with negative slope <paramref name="a"/> for leaky ReLU). PyTorch's
            /// Linear uses <c>a = √5</c>, which gives bound = 1/√fan_in.
            /// </summary>
            public static Tensor kaiming_uniform_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
                NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null)
            {
                var fan = Fan(tensor, mode);
                if (fan == 0) return tensor; // an empty tensor: nothing to fill (PyTorch only warns)
                var bound = Math.Sqrt(3.0) * calculate_gain(nonlinearity, a) / Math.Sqrt(fan);
                return uniform_(tensor, -bound, bound, generator);
            }

            /// <summary>He initialisation from N(0, std²) with std = gain/√fan.</summary>
            public static Tensor kaiming_normal_(Tensor tensor, double a = 0, FanInOut mode = FanInOut.FanIn,
                NonlinearityType nonlinearity = NonlinearityType.LeakyReLU, Generator? generator = null)
            {
                var fan = Fan(tensor, mode);
                if (fan == 0) return tensor;
                return normal_(tensor, 0, calculate_gain(nonlinearity, a) / Math.Sqrt(fan), generator);
            }

            /// <summary>Glorot initialisation from U(-a, a) with a = gain·√(6 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_uniform_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                var bound = gain * Math.Sqrt(6.0 / (fanIn + fanOut));
                return uniform_(tensor, -bound, bound, generator);
            }

            /// <summary>Glorot initialisation from N(0, std²) with std = gain·√(2 / (fan_in + fan_out)).</summary>
            public static Tensor xavier_normal_(Tensor tensor, double gain = 1.0, Generator? generator = null)
            {
                var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                return normal_(tensor, 0, gain * Math.Sqrt(2.0 / (fanIn + fanOut)), generator);
            }

            /// <summary>
            /// Fills with N(<paramref name="mean"/>, <paramref name="std"/>²) truncated to [<paramref name="a"/>,
            /// <paramref name="b"/>] (absolute bounds, as PyTorch), by the inverse-CDF method.
            /// </summary>
            public static Tensor trunc_normal_(Tensor tensor, double mean = 0, double std = 1, double a = -2, double b = 2,
                Generator? generator = null)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                if (!(std > 0)) throw new ArgumentOutOfRangeException(nameof(std), std, $"std must be positive, got {std}");
                if (!(a < b)) throw new ArgumentOutOfRangeException(nameof(b), b, $"the upper bound b ({b}) must exceed the lower bound a ({a})");
                NativeError.Check(NativeMethods.trn_init_trunc_normal_(tensor.Handle, mean, std, a, b, generator?.Handle ?? 0));
                GC.KeepAlive(tensor);
                GC.KeepAlive(generator);
                return tensor;
            }

            /// <summary>
            /// (fan_in, fan_out) of a weight of at least two dimensions: size(1) and size(0), each multiplied by the
            /// product of the remaining (receptive-field) dimensions.
            /// </summary>
            public static (long fanIn, long fanOut) CalculateFanInAndFanOut(Tensor tensor)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                var shape = tensor.shape;
                if (shape.Length < 2)
                    throw new ArgumentException($"fan in and fan out can not be computed for a tensor with fewer than 2 dimensions (shape [{string.Join(", ", shape)}])", nameof(tensor));
                long receptive = 1;
                for (var i = 2; i < shape.Length; i++) receptive *= shape[i];
                return (shape[1] * receptive, shape[0] * receptive);
            }

            private static long Fan(Tensor tensor, FanInOut mode)
            {
                var (fanIn, fanOut) = CalculateFanInAndFanOut(tensor);
                return mode == FanInOut.FanIn ? fanIn : fanOut;
            }
        }
    }
}
