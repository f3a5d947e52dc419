// TorchSharp's tensor type is nested in its static torch class, as in PyTorch: bring both into scope everywhere.
global using TorchSharp;
global using static TorchSharp.torch;
