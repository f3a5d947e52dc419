namespace Training.TorchExtensions;

/// <summary>
/// One parameter's element-wise optimizer update on float32 CPU memory: the addresses of its tensors, its element
/// count and its constants, and the update written once for any register width. <see cref="CpuKernels"/> splits the
/// elements into chunks, runs them on the cores and picks the width.
/// </summary>
internal interface ICpuKernel
{
    /// <summary>Elements of each of the parameter's tensors.</summary>
    long Length { get; }

    /// <summary>
    /// Updates whole vectors of <typeparamref name="TLanes"/> in elements [start, start + count) and returns how many
    /// elements it updated (a multiple of the width; all of them for the scalar lane); the caller finishes the tail.
    /// </summary>
    long Update<TVector, TLanes>(long start, long count)
        where TVector : struct
        where TLanes : struct, IFloatLanes<TVector>;
}
