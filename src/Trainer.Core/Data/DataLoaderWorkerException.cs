namespace Training.Core;

/// <summary>
/// Collating a batch on a data-loader worker thread failed; thrown on the thread that enumerates, when it reaches
/// that batch (PyTorch re-raises a worker's exception the same way). The original is the inner exception.
/// </summary>
public sealed class DataLoaderWorkerException : Exception
{
    /// <summary>Wraps <paramref name="inner"/>, thrown while collating batch <paramref name="batchIndex"/> of <paramref name="epoch"/>.</summary>
    public DataLoaderWorkerException(int epoch, int batchIndex, Exception inner)
        : base($"collating batch {batchIndex} of epoch {epoch} on a data-loader worker thread failed: {inner?.GetType().Name}: {inner?.Message}", inner)
    {
        Epoch = epoch;
        BatchIndex = batchIndex;
    }

    /// <summary>The epoch.</summary>
    public int Epoch { get; }

    /// <summary>The batch's index within the epoch.</summary>
    public int BatchIndex { get; }
}
