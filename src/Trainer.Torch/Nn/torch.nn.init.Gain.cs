namespace Training.Torch;

public static partial class torch
{
    public static partial class nn
    {
        public static partial class init
        {
            /// <summary>Which fan the He initialisers scale by.</summary>
            public enum FanInOut
            {
                /// <summary>Preserves the variance of activations in the forward pass.</summary>
                FanIn,
                /// <summary>Preserves the variance of gradients in the backward pass.</summary>
                FanOut,
            }

            /// <summary>The nonlinearity that follows a layer, for <see cref="calculate_gain"/>.</summary>
            public enum NonlinearityType
            {
                /// <summary>Identity (gain 1).</summary>
                Linear,
                /// <summary>Conv1d (gain 1).</summary>
                Conv1D,
                /// <summary>Conv2d (gain 1).</summary>
                Conv2D,
                /// <summary>Conv3d (gain 1).</summary>
                Conv3D,
                /// <summary>ConvTranspose1d (gain 1).</summary>
                ConvTranspose1D,
                /// <summary>ConvTranspose2d (gain 1).</summary>
                ConvTranspose2D,
                /// <summary>ConvTranspose3d (gain 1).</summary>
                ConvTranspose3D,
                /// <summary>Sigmoid (gain 1).</summary>
                Sigmoid,
                /// <summary>Tanh (gain 5/3).</summary>
                Tanh,
                /// <summary>ReLU (gain √2).</summary>
                ReLU,
                /// <summary>Leaky ReLU (gain √(2 / (1 + slope²))).</summary>
                LeakyReLU,
                /// <summary>SELU (gain 3/4).</summary>
                SELU,
            }

            /// <summary>
            /// PyTorch's recommended gain for <paramref name="nonlinearity"/>; <paramref name="param"/> is the negative
            /// slope of leaky ReLU (default 0.01).
            /// </summary>
            public static double calculate_gain(NonlinearityType nonlinearity, double? param = null) => nonlinearity switch
            {
                NonlinearityType.Tanh => 5.0 / 3.0,
                NonlinearityType.ReLU => Math.Sqrt(2.0),
                NonlinearityType.LeakyReLU => Math.Sqrt(2.0 / (1 + Math.Pow(param ?? 0.01, 2))),
                NonlinearityType.SELU => 3.0 / 4.0,
                _ when Enum.IsDefined(nonlinearity) => 1.0,
                _ => throw new ArgumentOutOfRangeException(nameof(nonlinearity), nonlinearity, "unknown nonlinearity"),
            };
        }
    }
}
