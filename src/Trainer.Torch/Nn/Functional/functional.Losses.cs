using Training.Torch.Native;

namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class functional
        {
            /// <summary>
            /// Cross entropy between logits <paramref name="input"/> ([N, C] or [N, C, d...]) and class indices
            /// <paramref name="target"/>. Targets equal to <paramref name="ignore_index"/> contribute nothing (and are not
            /// counted by the mean); <paramref name="label_smoothing"/> mixes the one-hot target with the uniform
            /// distribution; <paramref name="weight"/> rescales each class.
            /// </summary>
            public static Tensor cross_entropy(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean, double label_smoothing = 0.0)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(target);
                CheckProbability(label_smoothing, nameof(label_smoothing));
                var result = NativeMethods.trn_cross_entropy(input.Handle, target.Handle, weight?.Handle ?? 0, (long)CheckReduction(reduction),
                    ignore_index, label_smoothing);
                GC.KeepAlive(input);
                GC.KeepAlive(target);
                GC.KeepAlive(weight);
                return Tensor.Wrap(result);
            }

            /// <summary>Negative log likelihood of log-probabilities <paramref name="input"/> at class indices <paramref name="target"/>.</summary>
            public static Tensor nll_loss(Tensor input, Tensor target, Tensor? weight = null, long ignore_index = -100,
                Reduction reduction = Reduction.Mean)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(target);
                var result = NativeMethods.trn_nll_loss(input.Handle, target.Handle, weight?.Handle ?? 0, (long)CheckReduction(reduction), ignore_index);
                GC.KeepAlive(input);
                GC.KeepAlive(target);
                GC.KeepAlive(weight);
                return Tensor.Wrap(result);
            }

            /// <summary>The (mean, summed or elementwise) squared error.</summary>
            public static Tensor mse_loss(Tensor input, Tensor target, Reduction reduction = Reduction.Mean)
            {
                ArgumentNullException.ThrowIfNull(input);
                ArgumentNullException.ThrowIfNull(target);
                var result = NativeMethods.trn_mse_loss(input.Handle, target.Handle, (long)CheckReduction(reduction));
                GC.KeepAlive(input);
                GC.KeepAlive(target);
                return Tensor.Wrap(result);
            }

            /// <summary>
            /// One-hot encodes an integer tensor: a new last dimension of <paramref name="num_classes"/> (or max + 1 when -1)
            /// entries, int64.
            /// </summary>
            public static Tensor one_hot(Tensor tensor, long num_classes = -1)
            {
                ArgumentNullException.ThrowIfNull(tensor);
                var result = NativeMethods.trn_one_hot(tensor.Handle, num_classes);
                GC.KeepAlive(tensor);
                return Tensor.Wrap(result);
            }

            private static Reduction CheckReduction(Reduction reduction) =>
                Enum.IsDefined(reduction) ? reduction : throw new ArgumentOutOfRangeException(nameof(reduction), reduction, "unknown reduction");
        }
    }
}
