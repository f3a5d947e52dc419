namespace Training.Core;

/// <summary>
/// The example order of each epoch (PyTorch's <c>Sampler</c>). An order must be a pure function of the epoch, so a
/// resumed run rebuilds exactly the order of the interrupted one.
/// </summary>
public interface ISampler
{
    /// <summary>Every index of the dataset once, in the order of <paramref name="epoch"/>.</summary>
    int[] Order(int epoch);
}
