namespace Training.Integrations;

/// <summary>Checks of the optimizer-wide bitsandbytes arguments, with the uniform out-of-range messages.</summary>
internal static class BitsAndBytesOptionChecks
{
    /// <summary>optim_bits must be 8 or 32; min_8bit_size must be ≥ 0.</summary>
    public static void Check(int optimBits, long min8BitSize)
    {
        if (optimBits is not (8 or 32))
            throw new ArgumentOutOfRangeException("optim_bits", optimBits, $"Invalid optim_bits: {optimBits} (must be 8 or 32)");
        if (min8BitSize < 0)
            throw new ArgumentOutOfRangeException("min_8bit_size", min8BitSize, $"Invalid min_8bit_size: {min8BitSize} (must be >= 0)");
    }
}
