using Training.Torch.Modules;

namespace Training.Torch;

public static partial class torch
{
    /// <summary>
    /// PyTorch's <c>torch.nn</c>: the <see cref="Module"/> base classes, factories for the built-in modules
    /// (<c>nn.Linear(4, 3)</c>), <see cref="functional"/>, <see cref="init"/> and <see cref="utils"/>.
    /// </summary>
    public static partial class nn
    {
        /// <summary>How a loss reduces its elementwise values (PyTorch's numbering).</summary>
        public enum Reduction : long
        {
            /// <summary>No reduction: one loss per element.</summary>
            None = 0,
            /// <summary>The mean (over non-ignored, weighted elements).</summary>
            Mean = 1,
            /// <summary>The sum.</summary>
            Sum = 2,
        }

        /// <summary>Wraps <paramref name="data"/> as a <see cref="Modules.Parameter"/> (a detached alias of the same storage).</summary>
        public static Parameter Parameter(Tensor data, bool requires_grad = true) => new(data, requires_grad);

        /// <summary>A fully connected layer y = x·Wᵀ + b, initialised as PyTorch does.</summary>
        public static Linear Linear(long inputSize, long outputSize, bool hasBias = true, Device? device = null, ScalarType? dtype = null) =>
            new(inputSize, outputSize, hasBias, device, dtype);

        /// <summary>A lookup table of <paramref name="num_embeddings"/> vectors of size <paramref name="embedding_dims"/>.</summary>
        public static Embedding Embedding(long num_embeddings, long embedding_dims, long? padding_idx = null, double? max_norm = null,
            double norm_type = 2.0, bool scale_grad_by_freq = false, bool sparse = false, Device? device = null, ScalarType? dtype = null) =>
            new(num_embeddings, embedding_dims, padding_idx, max_norm, norm_type, scale_grad_by_freq, sparse, device, dtype);

        /// <summary>Layer normalisation over the last dimension.</summary>
        public static LayerNorm LayerNorm(long normalized_shape, double eps = 1e-05, bool elementwise_affine = true, bool bias = true,
            Device? device = null, ScalarType? dtype = null) =>
            new([normalized_shape], eps, elementwise_affine, bias, device, dtype);

        /// <summary>Layer normalisation over the trailing <paramref name="normalized_shape"/> dimensions.</summary>
        public static LayerNorm LayerNorm(long[] normalized_shape, double eps = 1e-05, bool elementwise_affine = true, bool bias = true,
            Device? device = null, ScalarType? dtype = null) =>
            new(normalized_shape, eps, elementwise_affine, bias, device, dtype);

        /// <summary>Dropout with probability <paramref name="p"/>, active in training mode only.</summary>
        public static Dropout Dropout(double p = 0.5) => new(p);

        /// <summary>The exact GELU activation.</summary>
        public static GELU GELU() => new("none");

        /// <summary>The GELU activation; <paramref name="approximate"/> is "none" or "tanh".</summary>
        public static GELU GELU(string approximate) => new(approximate);

        /// <summary>The ReLU activation.</summary>
        public static ReLU ReLU(bool inplace = false) => new(inplace);

        /// <summary>The SiLU (swish) activation.</summary>
        public static SiLU SiLU() => new();

        /// <summary>An empty chain, to append to.</summary>
        public static Sequential Sequential() => new();

        /// <summary>A chain of modules named "0", "1", ...</summary>
        public static Sequential Sequential(params Module<Tensor, Tensor>[] modules) => new(modules);

        /// <summary>A chain of named modules.</summary>
        public static Sequential Sequential(params (string name, Module<Tensor, Tensor> module)[] modules) => new(modules);

        /// <summary>A list of modules registered as children "0", "1", ...</summary>
        public static ModuleList ModuleList(params Module[] modules) => new(modules);

        /// <summary>A typed list of modules registered as children "0", "1", ...</summary>
        public static ModuleList<T> ModuleList<T>(params T[] modules) where T : Module => new(modules);

        /// <summary>The cross-entropy loss over logits and class indices (see <see cref="functional.cross_entropy"/>).</summary>
        public static CrossEntropyLoss CrossEntropyLoss(Tensor? weight = null, long? ignore_index = null, Reduction reduction = Reduction.Mean,
            double label_smoothing = 0.0) =>
            new(weight, ignore_index ?? -100, reduction, label_smoothing);

        /// <summary>The squared-error loss.</summary>
        public static MSELoss MSELoss(Reduction reduction = Reduction.Mean) => new(reduction);
    }
}
