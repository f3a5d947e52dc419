namespace Training.TorchExtensions;

/// <summary>
/// Fused optimizer steps: one call updates many parameters with the same hyperparameters. Parameters whose tensors
/// are all float32, dense, contiguous and on the CPU are updated by a vectorised multi-threaded kernel in one pass
/// over their memory; any other (another dtype or device, a strided view) by tensor operations. Each step gives the
/// same result as torch's for-loop algorithm within float rounding.
/// </summary>
/// <remarks>
/// The CPU kernels write the tensors' memory directly, so they do not bump their autograd version counters (as
/// in-place tensor operations under no_grad do); an optimizer step is not part of a recorded graph.
/// </remarks>
public static partial class Fused
{
}
