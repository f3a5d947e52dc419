using TorchSharp;
using static TorchSharp.torch;
using Training.TorchExtensions;

namespace Training.Optim;

/// <summary>Defaults of Cerebras' Adam: its <c>weight_decay</c> becomes L2 regularisation through the gradient.</summary>
public sealed record CerebrasAdamOptions : CerebrasAdamWOptions;
