namespace Training.Core;

/// <summary>
/// Where a batch sits in the run: the data seed, the epoch and the batch's index in that epoch. A collator that draws
/// random numbers (masked-LM masking) draws them from <see cref="CreateRandom"/>, so a batch is a pure function of
/// its examples and this context: the same whether it is collated on the training thread or a worker thread, in an
/// uninterrupted run or after resuming mid-epoch.
/// </summary>
/// <param name="Seed">The data seed (<c>DataSeed</c>, else <c>Seed</c>).</param>
/// <param name="Epoch">The epoch (0-based).</param>
/// <param name="BatchIndex">The batch's index within the epoch (0-based, counting batches skipped on resume).</param>
public readonly record struct CollationContext(int Seed, int Epoch, int BatchIndex)
{
    /// <summary>
    /// A generator seeded by (seed, epoch, batch index) alone. SplitMix64 mixes the three into the seed of
    /// <see cref="Random(int)"/>, the seeded legacy generator whose sequence is the same in every process and .NET version.
    /// </summary>
    public Random CreateRandom()
    {
        var x = unchecked(((ulong)(uint)Seed << 32 | (uint)Epoch) * 0x9E3779B97F4A7C15UL ^ (ulong)(uint)BatchIndex * 0xD1B54A32D192ED03UL);
        x = Mix(Mix(x));
        return new Random(unchecked((int)(x ^ x >> 32)));
    }

    private static ulong Mix(ulong z)
    {
        unchecked
        {
            z += 0x9E3779B97F4A7C15UL;
            z = (z ^ z >> 30) * 0xBF58476D1CE4E5B9UL;
            z = (z ^ z >> 27) * 0x94D049BB133111EBUL;
            return z ^ z >> 31;
        }
    }
}
